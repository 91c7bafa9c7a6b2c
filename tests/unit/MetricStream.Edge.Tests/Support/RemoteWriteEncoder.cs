using System.Buffers.Binary;
using System.Text;

namespace MetricStream.Edge.Tests.Support;

/// <summary>A Prometheus time series as a test writes it.</summary>
public sealed record TestSeries(IReadOnlyList<(string Name, string Value)> Labels, IReadOnlyList<(double Value, long Milliseconds)> Samples)
{
    public int Histograms { get; init; }
}

/// <summary>
/// Test-side encoders for remote_write bodies: a minimal protobuf writer for WriteRequest and a snappy
/// block compressor (greedy, hash-table matcher) that emits literals and every kind of copy element.
/// </summary>
public static class RemoteWriteEncoder
{
    public static byte[] WriteRequest(params TestSeries[] series)
    {
        var request = new MemoryStream();
        foreach (var s in series)
        {
            var ts = new MemoryStream();
            foreach (var (name, value) in s.Labels)
            {
                var label = new MemoryStream();
                WriteBytes(label, 1, Encoding.UTF8.GetBytes(name));
                WriteBytes(label, 2, Encoding.UTF8.GetBytes(value));
                WriteBytes(ts, 1, label.ToArray());
            }

            foreach (var (value, ms) in s.Samples)
            {
                var sample = new MemoryStream();
                WriteTag(sample, 1, 1);
                sample.Write(BitConverter.GetBytes(value));
                WriteTag(sample, 2, 0);
                WriteVarint(sample, (ulong)ms);
                WriteBytes(ts, 2, sample.ToArray());
            }

            for (var h = 0; h < s.Histograms; h++)
            {
                WriteBytes(ts, 4, [0x08, 0x01]);
            }

            // An exemplar, to be ignored.
            WriteBytes(ts, 3, [0x11, 0, 0, 0, 0, 0, 0, 0, 0]);
            WriteBytes(request, 1, ts.ToArray());
        }

        // Metadata (field 3), to be ignored.
        WriteBytes(request, 3, [0x08, 0x01]);
        return request.ToArray();
    }

    public static void WriteTag(Stream output, int field, int wireType) => WriteVarint(output, (ulong)((field << 3) | wireType));

    public static void WriteVarint(Stream output, ulong value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        output.WriteByte((byte)value);
    }

    public static void WriteBytes(Stream output, int field, byte[] bytes)
    {
        WriteTag(output, field, 2);
        WriteVarint(output, (ulong)bytes.Length);
        output.Write(bytes);
    }

    /// <summary>Snappy block compression. <paramref name="forceLongOffsets"/> writes every copy with a 4-byte offset.</summary>
    public static byte[] Snappy(ReadOnlySpan<byte> input, bool forceLongOffsets = false)
    {
        var output = new MemoryStream();
        WriteVarint(output, (ulong)input.Length);
        var table = new Dictionary<int, int>();
        var literalStart = 0;
        var i = 0;
        while (i + 4 <= input.Length)
        {
            var key = BinaryPrimitives.ReadInt32LittleEndian(input[i..]);
            if (table.TryGetValue(key, out var candidate) && i - candidate < (forceLongOffsets ? int.MaxValue : 65536))
            {
                var length = 4;
                while (i + length < input.Length && input[candidate + length] == input[i + length] && length < 64)
                {
                    length++;
                }

                Literal(output, input[literalStart..i]);
                Copy(output, i - candidate, length, forceLongOffsets);
                table[key] = i;
                i += length;
                literalStart = i;
                continue;
            }

            table[key] = i;
            i++;
        }

        Literal(output, input[literalStart..]);
        return output.ToArray();
    }

    private static void Literal(Stream output, ReadOnlySpan<byte> literal)
    {
        while (!literal.IsEmpty)
        {
            // Exercise the 1- and 2-byte length forms with chunks of up to 70,000 bytes.
            var chunk = literal[..Math.Min(literal.Length, 70_000)];
            var n = chunk.Length - 1;
            if (n < 60)
            {
                output.WriteByte((byte)(n << 2));
            }
            else if (n < 256)
            {
                output.WriteByte(60 << 2);
                output.WriteByte((byte)n);
            }
            else if (n < 65536)
            {
                output.WriteByte(61 << 2);
                output.WriteByte((byte)n);
                output.WriteByte((byte)(n >> 8));
            }
            else
            {
                output.WriteByte(62 << 2);
                output.WriteByte((byte)n);
                output.WriteByte((byte)(n >> 8));
                output.WriteByte((byte)(n >> 16));
            }

            output.Write(chunk);
            literal = literal[chunk.Length..];
        }
    }

    private static void Copy(Stream output, int offset, int length, bool forceLongOffsets)
    {
        if (!forceLongOffsets && length is >= 4 and <= 11 && offset < 2048)
        {
            output.WriteByte((byte)(1 | ((length - 4) << 2) | ((offset >> 8) << 5)));
            output.WriteByte((byte)offset);
        }
        else if (!forceLongOffsets)
        {
            output.WriteByte((byte)(2 | ((length - 1) << 2)));
            output.WriteByte((byte)offset);
            output.WriteByte((byte)(offset >> 8));
        }
        else
        {
            output.WriteByte((byte)(3 | ((length - 1) << 2)));
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(bytes, offset);
            output.Write(bytes);
        }
    }
}
