using System.Buffers.Binary;
using System.Globalization;

namespace MetricStream.Edge.RemoteWrite;

/// <summary>
/// Decoder of the Snappy block format (not the framing format), the compression of Prometheus remote_write
/// bodies: a varint of the uncompressed length, then literal and copy elements. Every length and offset is
/// checked against the input and the declared output size, so malformed or hostile input fails with
/// <see cref="InvalidDataException"/> and never reads or writes out of bounds.
/// </summary>
public static class SnappyBlock
{
    /// <summary>
    /// Reads the uncompressed length from the block's preamble, so a caller can refuse a too-large body
    /// before allocating anything.
    /// </summary>
    /// <param name="compressed">The whole block.</param>
    /// <returns>The uncompressed length in bytes.</returns>
    /// <exception cref="InvalidDataException">The preamble is missing, malformed or above 2^31 - 1.</exception>
    public static int GetUncompressedLength(ReadOnlySpan<byte> compressed) => ReadPreamble(compressed, out _);

    /// <summary>Decompresses <paramref name="compressed"/> into <paramref name="destination"/>.</summary>
    /// <param name="compressed">The whole block.</param>
    /// <param name="destination">Exactly <see cref="GetUncompressedLength"/> bytes.</param>
    /// <exception cref="InvalidDataException">The block is malformed, or its elements do not produce exactly the declared length.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> does not have the declared length.</exception>
    public static void Decompress(ReadOnlySpan<byte> compressed, Span<byte> destination)
    {
        var length = ReadPreamble(compressed, out var s);
        if (destination.Length != length)
        {
            throw new ArgumentException(Invariant($"The destination has {destination.Length} bytes; the block decompresses to {length}"), nameof(destination));
        }

        var d = 0;
        while (s < compressed.Length)
        {
            var tag = compressed[s++];
            long copyLength;
            long offset;
            switch (tag & 3)
            {
                case 0:
                    long literal = tag >> 2;
                    if (literal >= 60)
                    {
                        var extra = (int)literal - 59;
                        if (extra > compressed.Length - s)
                        {
                            throw Corrupt("literal length runs past the end of the input");
                        }

                        literal = 0;
                        for (var b = extra - 1; b >= 0; b--)
                        {
                            literal = (literal << 8) | compressed[s + b];
                        }

                        s += extra;
                    }

                    literal++;
                    if (literal > compressed.Length - s)
                    {
                        throw Corrupt("literal runs past the end of the input");
                    }

                    if (literal > destination.Length - d)
                    {
                        throw Corrupt("literal runs past the declared length");
                    }

                    compressed.Slice(s, (int)literal).CopyTo(destination[d..]);
                    s += (int)literal;
                    d += (int)literal;
                    continue;
                case 1:
                    if (s >= compressed.Length)
                    {
                        throw Corrupt("copy offset runs past the end of the input");
                    }

                    copyLength = 4 + ((tag >> 2) & 7);
                    offset = ((tag >> 5) << 8) | compressed[s++];
                    break;
                case 2:
                    if (compressed.Length - s < 2)
                    {
                        throw Corrupt("copy offset runs past the end of the input");
                    }

                    copyLength = 1 + (tag >> 2);
                    offset = BinaryPrimitives.ReadUInt16LittleEndian(compressed[s..]);
                    s += 2;
                    break;
                default:
                    if (compressed.Length - s < 4)
                    {
                        throw Corrupt("copy offset runs past the end of the input");
                    }

                    copyLength = 1 + (tag >> 2);
                    offset = BinaryPrimitives.ReadUInt32LittleEndian(compressed[s..]);
                    s += 4;
                    break;
            }

            if (offset == 0 || offset > d)
            {
                throw Corrupt(Invariant($"copy offset {offset} at output position {d} points outside the output"));
            }

            if (copyLength > destination.Length - d)
            {
                throw Corrupt("copy runs past the declared length");
            }

            Copy(destination, d, (int)offset, (int)copyLength);
            d += (int)copyLength;
        }

        if (d != destination.Length)
        {
            throw Corrupt(Invariant($"the block produced {d} bytes but declared {destination.Length}"));
        }
    }

    private static void Copy(Span<byte> output, int position, int offset, int length)
    {
        var from = position - offset;
        if (offset >= length)
        {
            output.Slice(from, length).CopyTo(output[position..]);
            return;
        }

        // Overlapping copy: a run that repeats the last `offset` bytes, byte by byte by definition.
        for (var i = 0; i < length; i++)
        {
            output[position + i] = output[from + i];
        }
    }

    private static int ReadPreamble(ReadOnlySpan<byte> compressed, out int consumed)
    {
        ulong value = 0;
        for (var i = 0; i < 5; i++)
        {
            if (i >= compressed.Length)
            {
                throw Corrupt("the uncompressed length is missing or truncated");
            }

            var b = compressed[i];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                if (value > int.MaxValue)
                {
                    throw Corrupt(Invariant($"declared length {value} is too large"));
                }

                consumed = i + 1;
                return (int)value;
            }
        }

        throw Corrupt("the uncompressed length is not a valid varint");
    }

    private static InvalidDataException Corrupt(string why) => new($"invalid snappy block: {why}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
