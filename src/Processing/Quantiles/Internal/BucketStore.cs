namespace MetricStream.Processing.Quantiles.Internal;

/// <summary>
/// Counts per bucket index in one contiguous array covering the range of indexes seen (values of a
/// metric cluster, so the range is short: 1 % accuracy spans a factor of 10 in ~116 buckets).
/// Not thread-safe.
/// </summary>
internal sealed class BucketStore
{
    private long[] _counts = [];
    private int _offset;
    private int _minIndex = int.MaxValue;
    private int _maxIndex = int.MinValue;

    public bool IsEmpty => _minIndex > _maxIndex;

    public int MinIndex => _minIndex;

    public int MaxIndex => _maxIndex;

    public long this[int index] => index < _offset || index >= _offset + _counts.Length ? 0 : _counts[index - _offset];

    public void Add(int index, long count)
    {
        if (count == 0)
        {
            return;
        }

        EnsureCovers(index);
        _counts[index - _offset] += count;
        _minIndex = Math.Min(_minIndex, index);
        _maxIndex = Math.Max(_maxIndex, index);
    }

    public void MergeFrom(BucketStore other)
    {
        if (other.IsEmpty)
        {
            return;
        }

        EnsureCovers(other._minIndex);
        EnsureCovers(other._maxIndex);
        for (var i = other._minIndex; i <= other._maxIndex; i++)
        {
            _counts[i - _offset] += other[i];
        }

        _minIndex = Math.Min(_minIndex, other._minIndex);
        _maxIndex = Math.Max(_maxIndex, other._maxIndex);
    }

    public int NonEmptyBuckets()
    {
        var n = 0;
        for (var i = _minIndex; i <= _maxIndex; i++)
        {
            if (this[i] != 0)
            {
                n++;
            }
        }

        return n;
    }

    private void EnsureCovers(int index)
    {
        if (_counts.Length == 0)
        {
            _counts = new long[16];
            _offset = index - 8;
            return;
        }

        if (index >= _offset && index < _offset + _counts.Length)
        {
            return;
        }

        var low = Math.Min(index, _offset);
        var high = Math.Max(index, _offset + _counts.Length - 1);
        var length = Math.Max(high - low + 1 + 16, _counts.Length * 2);
        var newOffset = index < _offset ? high - length + 1 : low;
        var grown = new long[length];
        Array.Copy(_counts, 0, grown, _offset - newOffset, _counts.Length);
        _counts = grown;
        _offset = newOffset;
    }
}
