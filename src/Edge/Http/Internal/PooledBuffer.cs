using System.Buffers;

namespace MetricStream.Edge.Http.Internal;

/// <summary>A growable byte buffer rented from <see cref="ArrayPool{T}.Shared"/>; returned on dispose. Not thread-safe.</summary>
internal sealed class PooledBuffer : IDisposable
{
    private byte[] _array;

    public PooledBuffer(int initialCapacity)
    {
        _array = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));
    }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _array.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, Length);

    /// <summary>Free space after the data, growing the array (doubling, at most to <paramref name="maxCapacity"/>) when full.</summary>
    public Memory<byte> GetFree(long maxCapacity)
    {
        if (Length == _array.Length && _array.Length < maxCapacity)
        {
            var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(maxCapacity, (long)_array.Length * 2));
            _array.AsSpan(0, Length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_array);
            _array = bigger;
        }

        return _array.AsMemory(Length);
    }

    /// <summary>Span of exactly <paramref name="length"/> bytes to fill (replacing the contents).</summary>
    public Span<byte> Reset(int length)
    {
        if (_array.Length < length)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = ArrayPool<byte>.Shared.Rent(length);
        }

        Length = length;
        return _array.AsSpan(0, length);
    }

    public void Advance(int count) => Length += count;

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
}
