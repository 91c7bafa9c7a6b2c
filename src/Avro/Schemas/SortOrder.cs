namespace MetricStream.Avro.Schemas;

/// <summary>The <c>order</c> attribute of a record field: how the field takes part in sorting records.</summary>
public enum SortOrder
{
    /// <summary>Ascending order (the default when the attribute is absent).</summary>
    Ascending,

    /// <summary>Descending order.</summary>
    Descending,

    /// <summary>The field is ignored when sorting.</summary>
    Ignore,
}
