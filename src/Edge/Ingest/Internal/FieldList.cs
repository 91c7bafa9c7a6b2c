using MetricStream.Avro.Records;

namespace MetricStream.Edge.Ingest.Internal;

/// <summary>Field list helpers shared by the parsers.</summary>
internal static class FieldList
{
    /// <summary>Replaces the value of an existing field of the same name (last one wins) or appends.</summary>
    public static void SetLast(List<MetricField> fields, string name, FieldValue value)
    {
        for (var f = 0; f < fields.Count; f++)
        {
            if (string.Equals(fields[f].Name, name, StringComparison.Ordinal))
            {
                fields[f] = new MetricField(name, value);
                return;
            }
        }

        fields.Add(new MetricField(name, value));
    }
}
