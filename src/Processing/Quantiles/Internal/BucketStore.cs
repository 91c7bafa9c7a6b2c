namespace MetricStream.Processing.Quantiles.Internal;

/// <summary>
/// Counts per bucket index. Sparse while few buckets are in use: up to <see cref="SparseLimit"/> entries,
/// each packing the index (high 32 bits) and the count (low 32 bits) in one long, sorted by index. Beyond
/// that (or for a count above 2^32 - 1) dense: one array covering the range of indexes seen, which doubles as
/// needed. A one-minute window of a 10 s series holds 6 values, so it stays sparse (a few dozen bytes,
/// however far apart its values are); an hour's merged window goes dense (values of a metric cluster: 1 %
/// accuracy spans a factor of 10 in ~116 buckets). A mutable struct embedded in its sketch, so a sketch is
/// one object plus its arrays: keep it in a non-readonly field and never copy it to mutate it. Empty, it
/// allocates nothing. Not thread-safe.
/// </summary>
internal struct BucketStore
{
    public const int SparseLimit = 32;
    private long[]? _data;
    private bool _dense;
    private int _used; // sparse: entries in use; dense: the index of _data[0]
    private int _minIndex;
    private int _maxIndex;

    public readonly bool IsEmpty => _data is null;

    public readonly int MinIndex => _data is null ? int.MaxValue : _minIndex;

    public readonly int MaxIndex => _data is null ? int.MinValue : _maxIndex;

    public readonly long this[int index]
    {
        get
        {
            if (_data is null)
            {
                return 0;
            }

            if (_dense)
            {
                return index < _used || index >= _used + _data.Length ? 0 : _data[index - _used];
            }

            var at = Find(index);
            return at >= 0 ? (uint)_data[at] : 0;
        }
    }

    public void Add(int index, long count)
    {
        if (count == 0)
        {
            return;
        }

        if (_data is null)
        {
            _data = new long[4];
            _minIndex = _maxIndex = index;
        }
        else
        {
            _minIndex = Math.Min(_minIndex, index);
            _maxIndex = Math.Max(_maxIndex, index);
        }

        if (!_dense && !TryAddSparse(index, count))
        {
            ToDense();
        }

        if (_dense)
        {
            EnsureCovers(index);
            _data[index - _used] += count;
        }
    }

    public void MergeFrom(in BucketStore other)
    {
        for (var i = other.MinIndex; i <= other.MaxIndex; i = other.NextIndex(i))
        {
            Add(i, other[i]);
        }
    }

    /// <summary>The smallest index above <paramref name="index"/> with a non-zero count, or <see cref="int.MaxValue"/>.</summary>
    public readonly int NextIndex(int index)
    {
        if (_data is null || index >= _maxIndex)
        {
            return int.MaxValue;
        }

        if (_dense)
        {
            for (var i = Math.Max(index + 1, _minIndex); i <= _maxIndex; i++)
            {
                if (_data[i - _used] != 0)
                {
                    return i;
                }
            }

            return int.MaxValue;
        }

        var at = Find(index);
        at = at >= 0 ? at + 1 : ~at;
        return at < _used ? (int)(_data[at] >> 32) : int.MaxValue;
    }

    /// <summary>The largest index below <paramref name="index"/> with a non-zero count, or <see cref="int.MinValue"/>.</summary>
    public readonly int PreviousIndex(int index)
    {
        if (_data is null || index <= _minIndex)
        {
            return int.MinValue;
        }

        if (_dense)
        {
            for (var i = Math.Min(index - 1, _maxIndex); i >= _minIndex; i--)
            {
                if (_data[i - _used] != 0)
                {
                    return i;
                }
            }

            return int.MinValue;
        }

        var at = Find(index);
        at = at >= 0 ? at - 1 : ~at - 1;
        return at >= 0 ? (int)(_data[at] >> 32) : int.MinValue;
    }

    public readonly int NonEmptyBuckets()
    {
        if (!_dense)
        {
            return _used;
        }

        var n = 0;
        for (var i = MinIndex; i <= MaxIndex; i = NextIndex(i))
        {
            n++;
        }

        return n;
    }

    private static long Pack(int index, long count) => ((long)index << 32) | count;

    // Binary search of the sparse entries by index: the position, or the complement of the insertion point.
    private readonly int Find(int index)
    {
        int low = 0, high = _used - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var found = (int)(_data![middle] >> 32);
            if (found == index)
            {
                return middle;
            }

            if (found < index)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }

    private bool TryAddSparse(int index, long count)
    {
        var at = Find(index);
        if (at >= 0)
        {
            var total = (uint)_data![at] + count;
            if (total > uint.MaxValue)
            {
                return false;
            }

            _data[at] = Pack(index, total);
            return true;
        }

        if (_used == SparseLimit || count > uint.MaxValue)
        {
            return false;
        }

        at = ~at;
        if (_used == _data!.Length)
        {
            Array.Resize(ref _data, Math.Min(SparseLimit, _data.Length * 2));
        }

        Array.Copy(_data, at, _data, at + 1, _used - at);
        _data[at] = Pack(index, count);
        _used++;
        return true;
    }

    private void ToDense()
    {
        var sparse = _data!;
        var used = _used;
        var length = Math.Max(16, _maxIndex - _minIndex + 1 + 8);
        _data = new long[length];
        _used = _minIndex - 4;
        _dense = true;
        for (var i = 0; i < used; i++)
        {
            _data[(int)(sparse[i] >> 32) - _used] += (uint)sparse[i];
        }
    }

    private void EnsureCovers(int index)
    {
        var offset = _used;
        var counts = _data!;
        if (index >= offset && index < offset + counts.Length)
        {
            return;
        }

        // Grow to at least double, leaving the new room on the side the index is on.
        var low = Math.Min(index, offset);
        var high = Math.Max(index, offset + counts.Length - 1);
        var length = Math.Max(high - low + 1 + (counts.Length / 2), counts.Length * 2);
        var newOffset = index < offset ? high - length + 1 : low;
        var grown = new long[length];
        Array.Copy(counts, 0, grown, offset - newOffset, counts.Length);
        _data = grown;
        _used = newOffset;
    }
}
