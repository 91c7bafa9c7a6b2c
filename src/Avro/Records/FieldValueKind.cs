// The members are the Avro type names of the union branches.
#pragma warning disable CA1720

namespace MetricStream.Avro.Records;

/// <summary>
/// The type of a point's field value; the numeric value is the branch index in the schemas' field
/// union <c>["double", "long", "string", "boolean"]</c>.
/// </summary>
public enum FieldValueKind
{
    /// <summary>A 64-bit float (line protocol float, Prometheus sample).</summary>
    Double = 0,

    /// <summary>A 64-bit signed integer (line protocol integer, or unsigned integer that fits).</summary>
    Long = 1,

    /// <summary>A string.</summary>
    String = 2,

    /// <summary>A boolean.</summary>
    Boolean = 3,
}
