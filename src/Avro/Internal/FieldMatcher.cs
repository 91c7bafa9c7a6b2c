using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Internal;

/// <summary>Finds the writer field a reader field reads: same name first, then a reader field alias.</summary>
internal static class FieldMatcher
{
    public static RecordField? Find(RecordSchema writer, RecordField readerField)
    {
        if (writer.TryGetField(readerField.Name, out var byName))
        {
            return byName;
        }

        foreach (var alias in readerField.Aliases)
        {
            if (writer.TryGetField(alias, out var byAlias))
            {
                return byAlias;
            }
        }

        return null;
    }
}
