using MetricStream.Avro.Records;
using MetricStream.Processing.Aggregation;
using MetricStream.Processing.Aggregation.Internal;

namespace MetricStream.Processing.Execution.Internal;

/// <summary>
/// The window store: one <see cref="WindowGroup"/> per series and window start, found with one hash lookup per point
/// and window (the series key is hashed once, not once per field), holding the series' tags (copied once per group)
/// and one <see cref="WindowEntry"/> per field. A window in the sense of the changelog and the outputs is still one
/// series, field and window: an entry.
/// </summary>
internal sealed partial class WindowAggregateProcessor
{
    // Accumulators of closed windows kept for new ones (fewer long-lived objects for the GC to promote and collect).
    private const int MaxSpareAccumulators = 2048;
    private readonly Stack<FieldAccumulator> _spare = new();

    /// <summary>The open group of <paramref name="series"/> and <paramref name="start"/>, opened when missing with room for <paramref name="fields"/> entries.</summary>
    private WindowGroup Group(string series, long start, string tenant, string measurement, List<Tag> tags, int fields)
    {
        if (!_open.TryGetValue(new GroupKey(series, start), out var group))
        {
            // The series' previous window usually is still open (grace): its identity is this one's, so share its tags.
            group = _open.TryGetValue(new GroupKey(series, start - _advance), out var previous)
                ? new WindowGroup(series, start, previous.Tenant, previous.Measurement, previous.Tags, fields)
                : new WindowGroup(series, start, tenant, measurement, [.. SeriesKey.Sorted(tags)], fields);
            OpenGroup(group);
        }

        return group;
    }

    /// <summary>The entry of <paramref name="field"/> in <paramref name="group"/>, opened when missing; remembered as changed when the task tracks changes.</summary>
    private WindowEntry Entry(WindowGroup group, string field)
    {
        var entry = group.Find(field);
        if (entry is null)
        {
            var accumulator = _spare.TryPop(out var spare) ? spare : new FieldAccumulator(_node.KeepsSketch, _node.RelativeAccuracy);
            entry = new WindowEntry(group, field, accumulator);
            group.Add(entry);
            _openWindows++;
            _opened++;
        }

        if (!entry.Dirty && Task.TrackChanges)
        {
            MarkChanged(entry);
        }

        return entry;
    }

    /// <summary>Takes a closed entry's accumulator back for reuse; the entry must not read it again (it is removed).</summary>
    private void Recycle(WindowEntry entry)
    {
        if (_spare.Count < MaxSpareAccumulators)
        {
            entry.Accumulator.Reset();
            _spare.Push(entry.Accumulator);
        }
    }

    private void OpenGroup(WindowGroup group)
    {
        _open.Add(new GroupKey(group.Series, group.Start), group);
        var end = group.Start + _size;
        if (!_byEnd.TryGetValue(end, out var groups))
        {
            groups = [];
            _byEnd.Add(end, groups);
        }

        groups.Add(group);
    }

    private readonly record struct GroupKey(string Series, long Start);

    /// <summary>The open windows of one series with one start: its identity and tags, and one entry per field (in arrival order until closed).</summary>
    private sealed class WindowGroup(string series, long start, string tenant, string measurement, Tag[] tags, int capacity)
    {
        // Sized for the fields of the point that opened it (most series send the same fields every time): no spare slots.
        private WindowEntry[] _fields = new WindowEntry[Math.Max(1, capacity)];

        public string Series { get; } = series;

        public long Start { get; } = start;

        public string Tenant { get; } = tenant;

        public string Measurement { get; } = measurement;

        public Tag[] Tags { get; } = tags;

        public int Count { get; private set; }

        public WindowEntry[] Fields => _fields;

        public WindowEntry? Find(string field)
        {
            // Field names come from the decoder's string pool: usually the same instance, so try references first.
            for (var i = 0; i < Count; i++)
            {
                if (ReferenceEquals(_fields[i].Field, field))
                {
                    return _fields[i];
                }
            }

            for (var i = 0; i < Count; i++)
            {
                if (string.Equals(_fields[i].Field, field, StringComparison.Ordinal))
                {
                    return _fields[i];
                }
            }

            return null;
        }

        public void Add(WindowEntry entry)
        {
            if (Count == _fields.Length)
            {
                Array.Resize(ref _fields, Count * 2);
            }

            _fields[Count++] = entry;
        }

        /// <summary>Replaces the entry of the same field (a restore of a window already restored).</summary>
        public void Replace(WindowEntry old, WindowEntry entry) => _fields[Array.IndexOf(_fields, old, 0, Count)] = entry;

        /// <summary>Orders the entries by field name (ordinal), the order windows of one series close in.</summary>
        public void SortFields() => Array.Sort(_fields, 0, Count, FieldOrder.Instance);
    }

    private sealed class FieldOrder : IComparer<WindowEntry>
    {
        public static readonly FieldOrder Instance = new();

        public int Compare(WindowEntry? x, WindowEntry? y) => string.CompareOrdinal(x!.Field, y!.Field);
    }

    /// <summary>An open window (one series, field and start). <see cref="LastTicks"/> mirrors the accumulator's latest event time (for the changelog).</summary>
    private sealed class WindowEntry(WindowGroup group, string field, FieldAccumulator accumulator)
    {
        public WindowGroup Group { get; } = group;

        public string Field { get; } = field;

        public FieldAccumulator Accumulator { get; } = accumulator;

        public long LastTicks { get; set; } = long.MinValue;

        /// <summary>Changed since the last checkpoint (and listed in the changed list).</summary>
        public bool Dirty { get; set; }

        /// <summary>A checkpoint wrote its state, so closing it needs a tombstone.</summary>
        public bool Persisted { get; set; }

        /// <summary>Closed, or replaced by a restore: no longer in the store.</summary>
        public bool Removed { get; set; }
    }
}
