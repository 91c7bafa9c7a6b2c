using System.Buffers;
using System.Text;

namespace MetricStream.Sinks.LineProtocol;

/// <summary>
/// A growable byte buffer rented from <see cref="ArrayPool{T}.Shared"/> that line protocol is written into.
/// <see cref="Truncate"/> takes back a partly written line; <see cref="Dispose"/> returns the array to the pool.
/// Not thread-safe.
/// </summary>
public sealed class LineBuffer : IDisposable
{
    private byte[] _array;

    /// <summary>Creates a buffer of at least <paramref name="initialCapacity"/> bytes.</summary>
    public LineBuffer(int initialCapacity = 64 * 1024)
    {
        _array = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));
    }

    /// <summary>Bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>The written bytes.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, Length);

    /// <summary>The written bytes as memory (valid until the next write or dispose).</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, Length);

    /// <summary>Drops everything after the first <paramref name="length"/> bytes.</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
    }

    /// <summary>Empties the buffer (keeps the array).</summary>
    public void Clear() => Length = 0;

    /// <summary>Appends one ASCII byte.</summary>
    public void Append(byte value)
    {
        if (Length == _array.Length)
        {
            Grow(1);
        }

        _array[Length++] = value;
    }

    /// <summary>Appends bytes.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        Length += bytes.Length;
    }

    /// <summary>Appends <paramref name="text"/> as UTF-8, unescaped.</summary>
    public void AppendUtf8(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var span = GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        Length += Encoding.UTF8.GetBytes(text, span);
    }

    /// <summary>Appends a value formatted with its invariant UTF-8 formatting (numbers).</summary>
    public void AppendFormatted<T>(T value)
        where T : IUtf8SpanFormattable
    {
        int written;
        while (!value.TryFormat(_array.AsSpan(Length), out written, default, System.Globalization.CultureInfo.InvariantCulture))
        {
            Grow(64);
        }

        Length += written;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var array = _array;
        _array = [];
        Length = 0;
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private Span<byte> GetSpan(int size)
    {
        if (_array.Length - Length < size)
        {
            Grow(size);
        }

        return _array.AsSpan(Length);
    }

    private void Grow(int needed)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, Length + needed));
        _array.AsSpan(0, Length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_array);
        _array = bigger;
    }
}
