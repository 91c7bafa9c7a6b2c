using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace MetricStream.Avro.Binary;

/// <summary>
/// Reads Avro binary encoding from a span, without allocating except where a method returns a new
/// object (<see cref="ReadString"/>, <see cref="ReadBytesArray"/>). Malformed input — truncation, a
/// varint longer than its type allows, a negative length — throws <see cref="AvroException"/> naming
/// the problem and the byte offset; it never throws an index or overflow exception.
/// A ref struct: pass it by <see langword="ref"/>.
/// </summary>
public ref struct AvroBinaryReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    /// <summary>Creates a reader over <paramref name="data"/>, starting at its first byte.</summary>
    /// <param name="data">The encoded bytes.</param>
    public AvroBinaryReader(ReadOnlySpan<byte> data)
    {
        _data = data;
    }

    /// <summary>
    /// Creates a reader over a sequence. A single-segment sequence is read in place; a multi-segment one
    /// is first copied into one array (an allocation).
    /// </summary>
    /// <param name="data">The encoded bytes.</param>
    public AvroBinaryReader(in ReadOnlySequence<byte> data)
    {
        _data = data.IsSingleSegment ? data.FirstSpan : data.ToArray();
    }

    /// <summary>Offset of the next byte to read.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes not yet read.</summary>
    public readonly int Remaining => _data.Length - _position;

    /// <summary>True when every byte has been read.</summary>
    public readonly bool End => _position >= _data.Length;

    /// <summary>Reads a boolean byte, which must be 0 or 1.</summary>
    /// <returns>The value.</returns>
    public bool ReadBoolean()
    {
        var b = ReadByte();
        return b switch
        {
            0 => false,
            1 => true,
            _ => throw new AvroException($"invalid boolean byte {b} at offset {_position - 1} (expected 0 or 1)"),
        };
    }

    /// <summary>Reads a zig-zag varint int of at most 5 bytes whose value fits 32 bits.</summary>
    /// <returns>The value.</returns>
    public int ReadInt()
    {
        var start = _position;
        var raw = ReadVarint(5, start);
        if (raw > uint.MaxValue)
        {
            throw new AvroException($"varint at offset {start} overflows an int");
        }

        var n = (uint)raw;
        return (int)(n >> 1) ^ -(int)(n & 1);
    }

    /// <summary>Reads a zig-zag varint long of at most 10 bytes.</summary>
    /// <returns>The value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadLong()
    {
        // Fast path: a one-byte varint.
        if ((uint)_position < (uint)_data.Length && _data[_position] < 0x80)
        {
            var b = _data[_position++];
            return (b >> 1) ^ -(b & 1);
        }

        var n = ReadVarint(10, _position);
        return (long)(n >> 1) ^ -(long)(n & 1);
    }

    /// <summary>Reads a 4-byte little-endian float, bit for bit.</summary>
    /// <returns>The value.</returns>
    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Take(4, "float"));

    /// <summary>Reads an 8-byte little-endian double, bit for bit.</summary>
    /// <returns>The value.</returns>
    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, "double"));

    /// <summary>Reads <c>bytes</c> and returns a view of them inside the input (valid while the input is).</summary>
    /// <returns>The bytes, not copied.</returns>
    public ReadOnlySpan<byte> ReadBytes() => Take(ReadLength("bytes"), "bytes");

    /// <summary>Reads <c>bytes</c> into a new array.</summary>
    /// <returns>A copy of the bytes.</returns>
    public byte[] ReadBytesArray() => ReadBytes().ToArray();

    /// <summary>Reads a <c>string</c> into a new string (invalid UTF-8 becomes U+FFFD, as in other implementations).</summary>
    /// <returns>The string; <see cref="string.Empty"/> for length 0.</returns>
    public string ReadString()
    {
        var utf8 = Take(ReadLength("string"), "string");
        return utf8.IsEmpty ? string.Empty : Encoding.UTF8.GetString(utf8);
    }

    /// <summary>Reads a <c>string</c> and returns its UTF-8 bytes inside the input, not decoded or copied.</summary>
    /// <returns>The UTF-8 bytes.</returns>
    public ReadOnlySpan<byte> ReadStringUtf8() => Take(ReadLength("string"), "string");

    /// <summary>Reads <c>fixed</c>: exactly <paramref name="size"/> bytes, returned as a view inside the input.</summary>
    /// <param name="size">The fixed schema's size.</param>
    /// <returns>The bytes, not copied.</returns>
    public ReadOnlySpan<byte> ReadFixed(int size) => Take(size, "fixed");

    /// <summary>Reads an enum index and checks it against the number of symbols.</summary>
    /// <param name="symbolCount">The writer enum's symbol count.</param>
    /// <returns>The zero-based index.</returns>
    public int ReadEnum(int symbolCount)
    {
        var start = _position;
        var index = ReadInt();
        return (uint)index < (uint)symbolCount
            ? index
            : throw new AvroException($"enum index {index} at offset {start} is out of range (the enum has {symbolCount} symbols)");
    }

    /// <summary>Reads a union branch index and checks it against the number of branches.</summary>
    /// <param name="branchCount">The writer union's branch count.</param>
    /// <returns>The zero-based branch index.</returns>
    public int ReadUnionIndex(int branchCount)
    {
        var start = _position;
        var index = ReadLong();
        return (ulong)index < (ulong)branchCount
            ? (int)index
            : throw new AvroException($"union branch index {index} at offset {start} is out of range (the union has {branchCount} branches)");
    }

    /// <summary>
    /// Reads an array or map block header and returns its item count, 0 at the end of the blocks. A
    /// negative count (a block that also carries its size in bytes) is accepted; the size is discarded.
    /// </summary>
    /// <returns>Items in the block, or 0 when the array or map is complete.</returns>
    public long ReadBlockHeader() => ReadBlockHeader(out _);

    /// <summary>Reads an array or map block header, reporting the block's byte size when the writer gave one.</summary>
    /// <param name="byteSize">The block's size in bytes, or -1 when the writer did not give it.</param>
    /// <returns>Items in the block, or 0 when the array or map is complete.</returns>
    public long ReadBlockHeader(out long byteSize)
    {
        var start = _position;
        var count = ReadLong();
        byteSize = -1;
        if (count < 0)
        {
            if (count == long.MinValue)
            {
                throw new AvroException($"invalid block count at offset {start}");
            }

            count = -count;
            byteSize = ReadLong();
            if (byteSize < 0)
            {
                throw new AvroException($"negative block size {byteSize} at offset {start}");
            }
        }

        return count;
    }

    /// <summary>Advances past <paramref name="count"/> bytes.</summary>
    /// <param name="count">Bytes to skip.</param>
    public void Skip(long count) => Take(count, "skipped data");

    /// <summary>Reads one raw byte.</summary>
    /// <returns>The byte.</returns>
    public byte ReadByte()
    {
        if ((uint)_position >= (uint)_data.Length)
        {
            throw Truncated(1, "byte");
        }

        return _data[_position++];
    }

    private ReadOnlySpan<byte> Take(long count, string what)
    {
        if (count > _data.Length - _position)
        {
            throw Truncated(count, what);
        }

        var slice = _data.Slice(_position, (int)count);
        _position += (int)count;
        return slice;
    }

    private int ReadLength(string what)
    {
        var start = _position;
        var length = ReadLong();
        if (length < 0)
        {
            throw new AvroException($"negative {what} length {length} at offset {start}");
        }

        return length > _data.Length - _position ? throw Truncated(length, what) : (int)length;
    }

    private ulong ReadVarint(int maxBytes, int start)
    {
        ulong result = 0;
        for (var i = 0; i < maxBytes; i++)
        {
            if ((uint)_position >= (uint)_data.Length)
            {
                throw new AvroException($"input truncated inside a varint starting at offset {start}");
            }

            var b = _data[_position++];
            if (i == 9 && b > 1)
            {
                throw new AvroException($"varint at offset {start} overflows a long");
            }

            result |= (ulong)(b & 0x7f) << (7 * i);
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new AvroException($"varint at offset {start} is longer than {maxBytes} bytes");
    }

    private readonly AvroException Truncated(long needed, string what) =>
        new($"input truncated: {what} at offset {_position} needs {needed} bytes but only {_data.Length - _position} remain");
}
