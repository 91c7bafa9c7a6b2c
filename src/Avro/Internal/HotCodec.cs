using System.Runtime.InteropServices;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Records;

namespace MetricStream.Avro.Internal;

/// <summary>
/// Encodings shared by the hot-record codecs, each writing exactly what the generic writer writes for
/// the same schema piece: maps as one block (count, entries, 0; an empty map as 0), optional strings as
/// the union <c>["null","string"]</c>.
/// </summary>
internal static class HotCodec
{
    public static void WriteTags(ref AvroBinaryWriter writer, List<Tag> tags)
    {
        if (!IsSorted(tags))
        {
            tags.Sort(TagKeyComparer.Instance);
        }

        writer.WriteBlockHeader(tags.Count);
        foreach (ref readonly var tag in CollectionsMarshal.AsSpan(tags))
        {
            writer.WriteString(tag.Key);
            writer.WriteString(tag.Value);
        }

        writer.WriteBlocksEnd();
    }

    public static void WriteFields(ref AvroBinaryWriter writer, List<MetricField> fields)
    {
        writer.WriteBlockHeader(fields.Count);
        foreach (ref readonly var field in CollectionsMarshal.AsSpan(fields))
        {
            writer.WriteString(field.Name);
            var value = field.Value;
            writer.WriteUnionIndex((int)value.Kind);
            switch (value.Kind)
            {
                case FieldValueKind.Double:
                    writer.WriteDouble(value.AsDouble);
                    break;
                case FieldValueKind.Long:
                    writer.WriteLong(value.AsLong);
                    break;
                case FieldValueKind.String:
                    writer.WriteString(value.AsString!);
                    break;
                default:
                    writer.WriteBoolean(value.AsBoolean);
                    break;
            }
        }

        writer.WriteBlocksEnd();
    }

    public static void WriteOptionalString(ref AvroBinaryWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteUnionIndex(0);
        }
        else
        {
            writer.WriteUnionIndex(1);
            writer.WriteString(value);
        }
    }

    public static string ReadString(ref AvroBinaryReader reader, Utf8StringPool? pool) =>
        pool is null ? reader.ReadString() : pool.GetString(reader.ReadStringUtf8());

    public static string? ReadOptionalString(ref AvroBinaryReader reader, Utf8StringPool? pool) =>
        reader.ReadUnionIndex(2) == 0 ? null : ReadString(ref reader, pool);

    public static void ReadTags(ref AvroBinaryReader reader, List<Tag> tags, Utf8StringPool? pool)
    {
        tags.Clear();
        for (var count = reader.ReadBlockHeader(); count > 0; count = reader.ReadBlockHeader())
        {
            for (long i = 0; i < count; i++)
            {
                var key = ReadString(ref reader, pool);
                tags.Add(new Tag(key, ReadString(ref reader, pool)));
            }
        }
    }

    public static void ReadFields(ref AvroBinaryReader reader, List<MetricField> fields, Utf8StringPool? pool)
    {
        fields.Clear();
        for (var count = reader.ReadBlockHeader(); count > 0; count = reader.ReadBlockHeader())
        {
            for (long i = 0; i < count; i++)
            {
                var name = ReadString(ref reader, pool);
                FieldValue value = reader.ReadUnionIndex(4) switch
                {
                    0 => FieldValue.Of(reader.ReadDouble()),
                    1 => FieldValue.Of(reader.ReadLong()),
                    2 => FieldValue.Of(ReadString(ref reader, pool)),
                    _ => FieldValue.Of(reader.ReadBoolean()),
                };
                fields.Add(new MetricField(name, value));
            }
        }
    }

    private static bool IsSorted(List<Tag> tags)
    {
        var span = CollectionsMarshal.AsSpan(tags);
        for (var i = 1; i < span.Length; i++)
        {
            if (TagKeyComparer.Instance.Compare(span[i - 1].Key, span[i].Key) > 0)
            {
                return false;
            }
        }

        return true;
    }
}
