using System.Buffers;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Internal;

namespace MetricStream.Avro.Records;

/// <summary>
/// Allocation-free codec of <see cref="PointBatch"/> for exactly the schema
/// <see cref="ProductSchemas.PointBatch"/>, writing the same bytes as the generic writer with that
/// schema (points as one array block, each point's tags sorted by key). Reading requires data written
/// with that very schema; use <see cref="Generic.GenericDatumReader"/> for other versions.
/// </summary>
public static class PointBatchCodec
{
    /// <summary>Writes a batch. Sorts each point's tags in place if they are not sorted by key.</summary>
    /// <param name="writer">The binary writer (not flushed).</param>
    /// <param name="batch">The batch.</param>
    public static void Write(ref AvroBinaryWriter writer, PointBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        writer.WriteString(batch.Tenant);
        HotCodec.WriteOptionalString(ref writer, batch.Bucket);
        HotCodec.WriteOptionalString(ref writer, batch.RequestId);
        writer.WriteLong(LogicalConversions.ToEpochUnits(batch.ReceivedAt.UtcTicks, micros: true));
        writer.WriteBlockHeader(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            MetricPointCodec.WriteBody(ref writer, batch[i]);
        }

        writer.WriteBlocksEnd();
    }

    /// <summary>Writes a batch to a buffer writer and advances it.</summary>
    /// <param name="output">The destination.</param>
    /// <param name="batch">The batch.</param>
    public static void Write(IBufferWriter<byte> output, PointBatch batch)
    {
        var writer = new AvroBinaryWriter(output);
        Write(ref writer, batch);
        writer.Flush();
    }

    /// <summary>Reads a batch into <paramref name="into"/>, replacing its contents and reusing its points.</summary>
    /// <param name="reader">The binary reader, advanced past the batch.</param>
    /// <param name="into">The batch to fill.</param>
    /// <param name="strings">Optional string pool; without one every string is allocated.</param>
    /// <exception cref="AvroException">The data is malformed or truncated.</exception>
    public static void Read(ref AvroBinaryReader reader, PointBatch into, Utf8StringPool? strings = null)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.Clear();
        into.Tenant = HotCodec.ReadString(ref reader, strings);
        into.Bucket = HotCodec.ReadOptionalString(ref reader, strings);
        into.RequestId = HotCodec.ReadOptionalString(ref reader, strings);
        into.ReceivedAt = LogicalConversions.ToDateTimeOffset(reader.ReadLong(), micros: true);
        for (var count = reader.ReadBlockHeader(); count > 0; count = reader.ReadBlockHeader())
        {
            for (long i = 0; i < count; i++)
            {
                var point = into.AddPoint();
                MetricPointCodec.ReadBody(ref reader, point, strings);
                point.Tenant = into.Tenant;
                point.Bucket = into.Bucket;
                point.Id = into.RequestId;
            }
        }
    }
}
