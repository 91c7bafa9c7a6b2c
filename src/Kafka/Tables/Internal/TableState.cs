using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace MetricStream.Kafka.Tables.Internal;

/// <summary>
/// The table's contents and its catch-up bookkeeping, fed record by record (no broker needed). Concurrency:
/// <see cref="Apply"/> and <see cref="ReachedEnd"/> are called by one thread (the consume loop); the values are a
/// <see cref="ConcurrentDictionary{TKey,TValue}"/> so readers on other threads need no lock; <c>_behind</c>
/// is touched by the consume loop only.
/// </summary>
internal sealed class TableState<TValue>
{
    private readonly ConcurrentDictionary<string, TValue> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<int, long> _behind;
    private readonly Func<byte[], TValue> _decode;
    private long _skipped;
    private volatile bool _caughtUp;

    /// <param name="endOffsets">Per partition, the end offset seen at start: the table is caught up once it read up to each.</param>
    /// <param name="startOffsets">Per partition, where reading starts (the low watermark); a partition with start == end is empty.</param>
    /// <param name="decode">Turns a non-null record value into a row.</param>
    public TableState(IReadOnlyDictionary<int, long> endOffsets, IReadOnlyDictionary<int, long> startOffsets, Func<byte[], TValue> decode)
    {
        _decode = decode;
        _behind = endOffsets.Where(e => e.Value > startOffsets.GetValueOrDefault(e.Key)).ToDictionary(e => e.Key, e => e.Value);
        _caughtUp = _behind.Count == 0;
    }

    public bool IsCaughtUp => _caughtUp;

    public int Count => _values.Count;

    /// <summary>Records skipped: no key, or a value the decoder threw on (the key keeps its previous value).</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>The last decoder error, for logs.</summary>
    public Exception? LastError { get; private set; }

    public bool TryGet(string key, [MaybeNullWhen(false)] out TValue value) => _values.TryGetValue(key, out value);

    public IReadOnlyDictionary<string, TValue> Snapshot() => new Dictionary<string, TValue>(_values, StringComparer.Ordinal);

    /// <summary>Applies one record; returns the change it made (null when it changed nothing or was skipped).</summary>
    public KafkaTableChange<TValue>? Apply(int partition, long offset, byte[]? key, byte[]? value)
    {
        var change = ApplyRecord(partition, offset, key, value);
        ReachedEnd(partition, offset + 1);
        return change;
    }

    /// <summary>Notes that <paramref name="partition"/> was read up to <paramref name="position"/>; returns true when that made the table caught up.</summary>
    public bool ReachedEnd(int partition, long position)
    {
        if (_caughtUp || !_behind.TryGetValue(partition, out var end) || position < end)
        {
            return false;
        }

        _behind.Remove(partition);
        _caughtUp = _behind.Count == 0;
        return _caughtUp;
    }

    private KafkaTableChange<TValue>? ApplyRecord(int partition, long offset, byte[]? key, byte[]? value)
    {
        if (key is null)
        {
            Interlocked.Increment(ref _skipped);
            return null;
        }

        var name = Encoding.UTF8.GetString(key);
        if (value is null)
        {
            return _values.TryRemove(name, out _) ? new KafkaTableChange<TValue>(KafkaTableChangeKind.Delete, name, default, partition, offset) : null;
        }

        TValue row;
        try
        {
            row = _decode(value);
        }
        catch (Exception ex)
        {
            // A poison row must not stop the table: it is counted and logged, the key keeps its value.
            LastError = ex;
            Interlocked.Increment(ref _skipped);
            return null;
        }

        _values[name] = row;
        return new KafkaTableChange<TValue>(KafkaTableChangeKind.Put, name, row, partition, offset);
    }
}
