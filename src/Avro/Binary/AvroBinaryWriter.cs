using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace MetricStream.Avro.Binary;

/// <summary>
/// Writes Avro binary encoding (specification 1.11, "Binary Encoding") into an
/// <see cref="IBufferWriter{T}"/> or a fixed <see cref="Span{T}"/>, without allocating. Values are
/// buffered in the span obtained from the buffer writer; call <see cref="Flush"/> when done so the
/// buffer writer is advanced past them (nothing is visible to it before). Over a fixed span, writing
/// past its end throws <see cref="AvroException"/>. A ref struct: pass it by <see langword="ref"/>.
/// </summary>
public ref struct AvroBinaryWriter
{
    private const int MinimumSegment = 256;
    private readonly IBufferWriter<byte>? _output;
    private Span<byte> _span;
    private int _position;
    private long _flushed;

    /// <summary>Creates a writer that appends to <paramref name="output"/>; call <see cref="Flush"/> at the end.</summary>
    /// <param name="output">The destination, e.g. an <see cref="ArrayBufferWriter{T}"/> or a pooled buffer writer.</param>
    public AvroBinaryWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _span = default;
    }

    /// <summary>Creates a writer over a fixed destination; <see cref="BytesWritten"/> says how much was used.</summary>
    /// <param name="destination">Where to write; too small a span makes writes throw <see cref="AvroException"/>.</param>
    public AvroBinaryWriter(Span<byte> destination)
    {
        _output = null;
        _span = destination;
    }

    /// <summary>Total bytes written, flushed or not.</summary>
    public readonly long BytesWritten => _flushed + _position;

    /// <summary>Writes a boolean as one byte, 0 or 1.</summary>
    /// <param name="value">The value.</param>
    public void WriteBoolean(bool value)
    {
        Ensure(1);
        _span[_position++] = value ? (byte)1 : (byte)0;
    }

    /// <summary>Writes an int as a zig-zag varint (1 to 5 bytes).</summary>
    /// <param name="value">The value.</param>
    public void WriteInt(int value) => WriteLong(value);

    /// <summary>Writes a long as a zig-zag varint (1 to 10 bytes): 0→00, -1→01, 1→02, -64→7f, 64→80 01.</summary>
    /// <param name="value">The value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteLong(long value)
    {
        var n = (ulong)((value << 1) ^ (value >> 63));
        if (_span.Length - _position < 10)
        {
            Grow(VarintLength(n));
        }

        var span = _span;
        var p = _position;
        while (n >= 0x80)
        {
            span[p++] = (byte)(n | 0x80);
            n >>= 7;
        }

        span[p++] = (byte)n;
        _position = p;
    }

    /// <summary>Writes a float as 4 bytes little-endian IEEE 754, bit for bit (NaN payloads, -0.0 and infinities kept).</summary>
    /// <param name="value">The value.</param>
    public void WriteFloat(float value)
    {
        Ensure(4);
        BinaryPrimitives.WriteSingleLittleEndian(_span[_position..], value);
        _position += 4;
    }

    /// <summary>Writes a double as 8 bytes little-endian IEEE 754, bit for bit.</summary>
    /// <param name="value">The value.</param>
    public void WriteDouble(double value)
    {
        Ensure(8);
        BinaryPrimitives.WriteDoubleLittleEndian(_span[_position..], value);
        _position += 8;
    }

    /// <summary>Writes <c>bytes</c>: the length as a long, then the bytes.</summary>
    /// <param name="value">The bytes.</param>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteLong(value.Length);
        WriteFixed(value);
    }

    /// <summary>Writes a <c>string</c>: the UTF-8 length as a long, then the UTF-8 bytes.</summary>
    /// <param name="value">The string; unpaired surrogates are written as U+FFFD.</param>
    public void WriteString(ReadOnlySpan<char> value)
    {
        if (value.Length < 128 && (_output is not null || _span.Length - _position >= 2 + (value.Length * 3)))
        {
            // Short strings (the common case): encode once, straight into the buffer after room for a
            // one-byte length (zig-zag lengths below 64); longer ones move one byte for a two-byte length.
            Ensure(2 + (value.Length * 3));
            Utf8.FromUtf16(value, _span[(_position + 1)..], out _, out var written);
            if (written < 64)
            {
                _span[_position] = (byte)(written << 1);
                _position += 1 + written;
                return;
            }

            _span.Slice(_position + 1, written).CopyTo(_span[(_position + 2)..]);
            var zigZag = written << 1;
            _span[_position] = (byte)(zigZag | 0x80);
            _span[_position + 1] = (byte)(zigZag >> 7);
            _position += 2 + written;
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        WriteLong(length);
        Ensure(length);
        _position += Encoding.UTF8.GetBytes(value, _span[_position..]);
    }

    /// <summary>Writes a <c>string</c> given as UTF-8 bytes (not validated): the length, then the bytes.</summary>
    /// <param name="utf8">The UTF-8 bytes.</param>
    public void WriteStringUtf8(ReadOnlySpan<byte> utf8) => WriteBytes(utf8);

    /// <summary>Writes <c>fixed</c> (or any raw bytes): exactly the bytes, no length.</summary>
    /// <param name="value">The bytes; their count must equal the fixed schema's size.</param>
    public void WriteFixed(ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(_span[_position..]);
        _position += value.Length;
    }

    /// <summary>Writes an enum symbol's zero-based index as an int.</summary>
    /// <param name="index">The symbol index.</param>
    public void WriteEnum(int index) => WriteLong(index);

    /// <summary>Writes a union's zero-based branch index; the branch's value follows.</summary>
    /// <param name="index">The branch index.</param>
    public void WriteUnionIndex(int index) => WriteLong(index);

    /// <summary>
    /// Starts a block of <paramref name="count"/> array items or map entries (written next). Nothing is
    /// written for a count of 0; end the array or map with <see cref="WriteBlocksEnd"/>.
    /// </summary>
    /// <param name="count">Items in the block.</param>
    public void WriteBlockHeader(long count)
    {
        if (count > 0)
        {
            WriteLong(count);
        }
    }

    /// <summary>Ends an array or map (a zero count).</summary>
    public void WriteBlocksEnd()
    {
        Ensure(1);
        _span[_position++] = 0;
    }

    /// <summary>Hands the buffered bytes to the buffer writer (advances it). No effect over a fixed span.</summary>
    public void Flush()
    {
        if (_output is not null && _position > 0)
        {
            _output.Advance(_position);
            _flushed += _position;
            _span = default;
            _position = 0;
        }
    }

    private static int VarintLength(ulong n)
    {
        var length = 1;
        while (n >= 0x80)
        {
            n >>= 7;
            length++;
        }

        return length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Ensure(int count)
    {
        if (_span.Length - _position < count)
        {
            Grow(count);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int count)
    {
        if (_span.Length - _position >= count)
        {
            return;
        }

        if (_output is null)
        {
            throw new AvroException($"destination span too small: {BytesWritten} bytes written, {count} more needed");
        }

        Flush();
        _span = _output.GetSpan(Math.Max(count, MinimumSegment));
        _position = 0;
    }
}
