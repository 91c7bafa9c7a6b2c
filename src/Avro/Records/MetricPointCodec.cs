using System.Buffers;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Internal;

namespace MetricStream.Avro.Records;

/// <summary>
/// Allocation-free codec of <see cref="MetricPoint"/> for exactly the schema
/// <see cref="ProductSchemas.MetricPoint"/>: writes the same bytes as the generic writer with that
/// schema (tags sorted by key), without reflection, boxing or schema walking. Reading requires data
/// written with that very schema (check the writer schema id or fingerprint); for data of another
/// schema version use <see cref="Generic.GenericDatumReader"/>, which resolves schemas.
/// </summary>
public static class MetricPointCodec
{
    /// <summary>Writes a point. Sorts <see cref="MetricPoint.Tags"/> in place if they are not sorted by key.</summary>
    /// <param name="writer">The binary writer (not flushed).</param>
    /// <param name="point">The point.</param>
    public static void Write(ref AvroBinaryWriter writer, MetricPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        writer.WriteString(point.Tenant);
        WriteBody(ref writer, point);
        HotCodec.WriteOptionalString(ref writer, point.Bucket);
        HotCodec.WriteOptionalString(ref writer, point.Id);
    }

    /// <summary>Writes a point to a buffer writer and advances it.</summary>
    /// <param name="output">The destination.</param>
    /// <param name="point">The point.</param>
    public static void Write(IBufferWriter<byte> output, MetricPoint point)
    {
        var writer = new AvroBinaryWriter(output);
        Write(ref writer, point);
        writer.Flush();
    }

    /// <summary>
    /// Reads a point into <paramref name="into"/>, replacing its contents. With a <paramref name="strings"/>
    /// pool, repeated strings (tenant, measurement, tag keys and values, field names) are not allocated.
    /// </summary>
    /// <param name="reader">The binary reader, advanced past the point.</param>
    /// <param name="into">The point to fill (reused).</param>
    /// <param name="strings">Optional string pool; without one every string is allocated.</param>
    /// <exception cref="AvroException">The data is malformed or truncated.</exception>
    public static void Read(ref AvroBinaryReader reader, MetricPoint into, Utf8StringPool? strings = null)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.Tenant = HotCodec.ReadString(ref reader, strings);
        ReadBody(ref reader, into, strings);
        into.Bucket = HotCodec.ReadOptionalString(ref reader, strings);
        into.Id = HotCodec.ReadOptionalString(ref reader, strings);
    }

    /// <summary>Measurement, tags, fields and timestamp: the part a batch point shares with a point.</summary>
    internal static void WriteBody(ref AvroBinaryWriter writer, MetricPoint point)
    {
        writer.WriteString(point.Measurement);
        HotCodec.WriteTags(ref writer, point.Tags);
        HotCodec.WriteFields(ref writer, point.Fields);
        writer.WriteLong(point.TimestampNanos);
    }

    internal static void ReadBody(ref AvroBinaryReader reader, MetricPoint into, Utf8StringPool? strings)
    {
        into.Measurement = HotCodec.ReadString(ref reader, strings);
        HotCodec.ReadTags(ref reader, into.Tags, strings);
        HotCodec.ReadFields(ref reader, into.Fields, strings);
        into.TimestampNanos = reader.ReadLong();
    }
}
