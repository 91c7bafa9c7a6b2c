using System.Buffers;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Internal;

namespace MetricStream.Avro.Records;

/// <summary>
/// Allocation-free codec of <see cref="WindowAggregate"/> for exactly the schema
/// <see cref="ProductSchemas.WindowAggregate"/>, writing the same bytes as the generic writer with that
/// schema (tags sorted by key). Reading requires data written with that very schema; use
/// <see cref="Generic.GenericDatumReader"/> for other versions.
/// </summary>
public static class WindowAggregateCodec
{
    /// <summary>Writes an aggregate. Sorts <see cref="WindowAggregate.Tags"/> in place if they are not sorted by key.</summary>
    /// <param name="writer">The binary writer (not flushed).</param>
    /// <param name="aggregate">The aggregate.</param>
    public static void Write(ref AvroBinaryWriter writer, WindowAggregate aggregate)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        writer.WriteString(aggregate.Tenant);
        writer.WriteString(aggregate.Measurement);
        writer.WriteString(aggregate.Field);
        HotCodec.WriteTags(ref writer, aggregate.Tags);
        writer.WriteLong(LogicalConversions.ToEpochUnits(aggregate.WindowStart.UtcTicks, micros: false));
        writer.WriteLong(LogicalConversions.ToEpochUnits(aggregate.WindowEnd.UtcTicks, micros: false));
        writer.WriteLong(aggregate.Count);
        writer.WriteDouble(aggregate.Sum);
        writer.WriteDouble(aggregate.Min);
        writer.WriteDouble(aggregate.Max);
        writer.WriteDouble(aggregate.Mean);
        writer.WriteDouble(aggregate.Last);
        writer.WriteString(aggregate.SketchFormat);
        writer.WriteBytes(aggregate.Sketch.Span);
        writer.WriteDouble(aggregate.P50);
        writer.WriteDouble(aggregate.P95);
        writer.WriteDouble(aggregate.P99);
    }

    /// <summary>Writes an aggregate to a buffer writer and advances it.</summary>
    /// <param name="output">The destination.</param>
    /// <param name="aggregate">The aggregate.</param>
    public static void Write(IBufferWriter<byte> output, WindowAggregate aggregate)
    {
        var writer = new AvroBinaryWriter(output);
        Write(ref writer, aggregate);
        writer.Flush();
    }

    /// <summary>Reads an aggregate into <paramref name="into"/>, replacing its contents (the sketch bytes are copied into a buffer it owns).</summary>
    /// <param name="reader">The binary reader, advanced past the aggregate.</param>
    /// <param name="into">The aggregate to fill.</param>
    /// <param name="strings">Optional string pool; without one every string is allocated.</param>
    /// <exception cref="AvroException">The data is malformed or truncated.</exception>
    public static void Read(ref AvroBinaryReader reader, WindowAggregate into, Utf8StringPool? strings = null)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.Tenant = HotCodec.ReadString(ref reader, strings);
        into.Measurement = HotCodec.ReadString(ref reader, strings);
        into.Field = HotCodec.ReadString(ref reader, strings);
        HotCodec.ReadTags(ref reader, into.Tags, strings);
        into.WindowStart = LogicalConversions.ToDateTimeOffset(reader.ReadLong(), micros: false);
        into.WindowEnd = LogicalConversions.ToDateTimeOffset(reader.ReadLong(), micros: false);
        into.Count = reader.ReadLong();
        into.Sum = reader.ReadDouble();
        into.Min = reader.ReadDouble();
        into.Max = reader.ReadDouble();
        into.Mean = reader.ReadDouble();
        into.Last = reader.ReadDouble();
        into.SketchFormat = HotCodec.ReadString(ref reader, strings);
        var sketch = reader.ReadBytes();
        var buffer = into.SketchBuffer(sketch.Length);
        sketch.CopyTo(buffer.Span);
        into.Sketch = buffer;
        into.P50 = reader.ReadDouble();
        into.P95 = reader.ReadDouble();
        into.P99 = reader.ReadDouble();
    }
}
