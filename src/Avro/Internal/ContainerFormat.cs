using System.Buffers;
using MetricStream.Avro.Binary;

namespace MetricStream.Avro.Internal;

/// <summary>
/// Layout of an object container file: the magic <c>Obj\x01</c>, the metadata as an Avro
/// <c>map&lt;bytes&gt;</c>, a 16-byte sync marker; then blocks of (object count, byte size, objects,
/// sync marker).
/// </summary>
internal static class ContainerFormat
{
    public const int SyncSize = 16;

    public static ReadOnlySpan<byte> Magic => "Obj\u0001"u8;

    public static void WriteHeader(Stream output, IEnumerable<KeyValuePair<string, byte[]>> metadata, ReadOnlySpan<byte> sync)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        var writer = new AvroBinaryWriter(buffer);
        writer.WriteFixed(Magic);
        var entries = metadata.ToList();
        writer.WriteBlockHeader(entries.Count);
        foreach (var (key, value) in entries)
        {
            writer.WriteString(key);
            writer.WriteBytes(value);
        }

        writer.WriteBlocksEnd();
        writer.WriteFixed(sync);
        writer.Flush();
        output.Write(buffer.WrittenSpan);
    }

    /// <summary>Reads a zig-zag varint long from a stream; returns false at a clean end of stream before its first byte.</summary>
    public static bool TryReadLong(Stream input, out long value)
    {
        ulong n = 0;
        for (var i = 0; i < 10; i++)
        {
            var b = input.ReadByte();
            if (b < 0)
            {
                value = 0;
                return i == 0 ? false : throw new AvroException("container file truncated inside a varint");
            }

            n |= (ulong)(b & 0x7f) << (7 * i);
            if (b < 0x80)
            {
                value = (long)(n >> 1) ^ -(long)(n & 1);
                return true;
            }
        }

        throw new AvroException("container file has a varint longer than 10 bytes");
    }

    public static long ReadLong(Stream input) =>
        TryReadLong(input, out var value) ? value : throw new AvroException("container file truncated: expected a varint");

    public static void ReadExactly(Stream input, Span<byte> destination, string what)
    {
        try
        {
            input.ReadExactly(destination);
        }
        catch (EndOfStreamException e)
        {
            throw new AvroException($"container file truncated in {what}", e);
        }
    }

    public static byte[] ReadBytes(Stream input, string what)
    {
        var length = ReadLong(input);
        if (length is < 0 or > int.MaxValue || (input.CanSeek && length > input.Length - input.Position))
        {
            throw new AvroException($"container file has an invalid {what} length {length}");
        }

        var bytes = new byte[length];
        ReadExactly(input, bytes, what);
        return bytes;
    }
}
