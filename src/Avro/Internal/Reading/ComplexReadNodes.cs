using MetricStream.Avro.Binary;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Resolution;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Internal.Reading;

/// <summary>Maps each writer symbol index to the reader's value (same symbol, else the reader's default); unknown symbols fail when read.</summary>
internal sealed class EnumReadNode(EnumSchema writer, GenericEnum?[] byWriterIndex, string readerName) : ReadNode
{
    public override object? Read(ref AvroBinaryReader reader)
    {
        var index = reader.ReadEnum(byWriterIndex.Length);
        return byWriterIndex[index]
            ?? throw new AvroResolutionException($"writer symbol '{writer.Symbols[index]}' is not a symbol of reader {readerName}, which has no default");
    }
}

/// <summary>Reads a fixed of the reader's size as a <see cref="GenericFixed"/> or, for decimals, an <see cref="AvroDecimal"/>.</summary>
internal sealed class FixedReadNode(FixedSchema reader) : ReadNode
{
    public override object? Read(ref AvroBinaryReader r)
    {
        var bytes = r.ReadFixed(reader.Size);
        return reader.LogicalType is { Kind: LogicalTypeKind.Decimal } logical
            ? LogicalConversions.DecimalFromBytes(bytes, logical.Scale)
            : new GenericFixed(reader, bytes.ToArray());
    }
}

/// <summary>Reads an array's blocks into a <see cref="List{T}"/>.</summary>
internal sealed class ArrayReadNode(ReadNode items) : ReadNode
{
    public override object? Read(ref AvroBinaryReader reader)
    {
        var list = new List<object?>();
        for (var count = reader.ReadBlockHeader(); count > 0; count = reader.ReadBlockHeader())
        {
            // Capacity from the data is capped by what remains, so a forged count cannot force a huge allocation.
            list.Capacity = (int)Math.Min(list.Count + count, list.Count + reader.Remaining + 1L);
            for (long i = 0; i < count; i++)
            {
                list.Add(items.Read(ref reader));
            }
        }

        return list;
    }
}

/// <summary>Reads a map's blocks into a <see cref="Dictionary{TKey, TValue}"/> (a repeated key keeps the last value).</summary>
internal sealed class MapReadNode(ReadNode values) : ReadNode
{
    public override object? Read(ref AvroBinaryReader reader)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var count = reader.ReadBlockHeader(); count > 0; count = reader.ReadBlockHeader())
        {
            for (long i = 0; i < count; i++)
            {
                var key = reader.ReadString();
                map[key] = values.Read(ref reader);
            }
        }

        return map;
    }
}
