using System.Buffers.Binary;
using MetricStream.Edge.Producing;

namespace MetricStream.Edge.Spool.Internal;

/// <summary>
/// One spooled request on disk: <c>[u32 payload length][u32 CRC-32 of payload][payload]</c>, little-endian;
/// payload = <c>[u32 record count]</c> then per record <c>[i32 partition][i32 key length, -1 = null][key]
/// [i32 value length][value]</c>. A request is one frame, so a torn write loses the whole (unacknowledged)
/// request, never half of it.
/// </summary>
internal static class SpoolFrame
{
    public const int HeaderBytes = 8;

    /// <summary>Encodes <paramref name="records"/> as a whole frame, header included.</summary>
    public static byte[] Encode(IReadOnlyList<EncodedRecord> records)
    {
        var length = 4;
        foreach (var record in records)
        {
            length += 12 + (record.Key?.Length ?? 0) + record.Value.Length;
        }

        var frame = new byte[HeaderBytes + length];
        var payload = frame.AsSpan(HeaderBytes);
        BinaryPrimitives.WriteInt32LittleEndian(payload, records.Count);
        var at = 4;
        foreach (var record in records)
        {
            BinaryPrimitives.WriteInt32LittleEndian(payload[at..], record.Partition);
            BinaryPrimitives.WriteInt32LittleEndian(payload[(at + 4)..], record.Key?.Length ?? -1);
            at += 8;
            if (record.Key is { } key)
            {
                key.CopyTo(payload[at..]);
                at += key.Length;
            }

            BinaryPrimitives.WriteInt32LittleEndian(payload[at..], record.Value.Length);
            record.Value.CopyTo(payload[(at + 4)..]);
            at += 4 + record.Value.Length;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), Crc32.Compute(payload));
        return frame;
    }

    /// <summary>Reads a header: the payload length and its checksum.</summary>
    public static (long Length, uint Crc) ReadHeader(ReadOnlySpan<byte> header) =>
        (BinaryPrimitives.ReadUInt32LittleEndian(header), BinaryPrimitives.ReadUInt32LittleEndian(header[4..]));

    /// <summary>Counts the records of a payload whose checksum matched; -1 when its structure is inconsistent.</summary>
    public static int CountRecords(ReadOnlySpan<byte> payload) => TryDecode(payload, null);

    /// <summary>Decodes a payload whose checksum matched.</summary>
    /// <exception cref="InvalidDataException">The structure is inconsistent.</exception>
    public static List<EncodedRecord> Decode(ReadOnlySpan<byte> payload)
    {
        var records = new List<EncodedRecord>();
        if (TryDecode(payload, records) < 0)
        {
            throw new InvalidDataException("spool frame payload is inconsistent");
        }

        return records;
    }

    private static int TryDecode(ReadOnlySpan<byte> payload, List<EncodedRecord>? records)
    {
        if (payload.Length < 4)
        {
            return -1;
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(payload);
        var at = 4;
        for (var i = 0; i < count; i++)
        {
            if (payload.Length - at < 8)
            {
                return -1;
            }

            var partition = BinaryPrimitives.ReadInt32LittleEndian(payload[at..]);
            var keyLength = BinaryPrimitives.ReadInt32LittleEndian(payload[(at + 4)..]);
            at += 8;
            if (keyLength < -1 || payload.Length - at < Math.Max(keyLength, 0) + 4)
            {
                return -1;
            }

            var key = keyLength < 0 ? null : records is null ? [] : payload.Slice(at, keyLength).ToArray();
            at += Math.Max(keyLength, 0);
            var valueLength = BinaryPrimitives.ReadInt32LittleEndian(payload[at..]);
            at += 4;
            if (valueLength < 0 || payload.Length - at < valueLength)
            {
                return -1;
            }

            records?.Add(new EncodedRecord(partition, key, payload.Slice(at, valueLength).ToArray()));
            at += valueLength;
        }

        return count >= 0 && at == payload.Length ? count : -1;
    }
}
