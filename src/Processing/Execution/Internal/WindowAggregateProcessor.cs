using MetricStream.Avro.Records;
using MetricStream.Processing.Aggregation;
using MetricStream.Processing.Aggregation.Internal;
using MetricStream.Processing.Topology;
using MetricStream.Processing.Windows;

namespace MetricStream.Processing.Execution.Internal;

/// <summary>
/// The window store and close logic of one window-aggregate processor in one task. Stream time here is
/// the largest event time among the records this processor has received (as in Kafka Streams'
/// window aggregate), so a rollup of rollups advances with the rollups it receives. Windows close in
/// order of their end, and windows with the same end in order of series key then field (ordinal), so
/// the same input order always gives the same output order and bytes. When the task tracks changes
/// (<see cref="StreamTask.TrackChanges"/>, the runtime with a changelog) the windows changed since the
/// last checkpoint are remembered for the changelog (see the State part of this class).
/// </summary>
internal sealed partial class WindowAggregateProcessor : TaskProcessor
{
    private readonly WindowAggregateNode _node;
    private readonly StreamValueKind _inputKind;
    private readonly Dictionary<WindowKey, WindowEntry> _open = [];
    private readonly SortedDictionary<long, List<WindowKey>> _byEnd = [];
    private readonly long _size;
    private readonly long _advance;
    private readonly long _grace;
    private long _streamTime = long.MinValue;
    private long _idleWatermark = long.MinValue;
    private long _late;
    private long _closed;
    private long _closedOnIdle;
    private long _skipped;

    public WindowAggregateProcessor(WindowAggregateNode node, StreamTask task, StreamValueKind inputKind)
        : base(node.Name, task)
    {
        _node = node;
        _inputKind = inputKind;
        _size = node.Window.Size.Ticks;
        _advance = node.Window.Advance.Ticks;
        _grace = node.Window.Grace.Ticks;
    }

    public override ProcessorCounters Counters() => new(RecordsIn, RecordsOut, _late, _closed, _closedOnIdle, _skipped, _open.Count);

    /// <summary>
    /// Start (ticks since the Unix epoch) of the earliest-starting open window, or <see cref="long.MaxValue"/>
    /// when none is open. Every window has the same size, so the window that ends first starts first. The
    /// runtime commits an input offset only when no open window starts at or before the record's event time.
    /// </summary>
    public long OldestOpenStartTicks => _byEnd.Count == 0 ? long.MaxValue : _byEnd.Keys.First() - _size;

    public IReadOnlyList<WindowStoreEntry> Entries() =>
        [.. _open.OrderBy(e => e.Key.Start).ThenBy(e => e.Key.Series, StringComparer.Ordinal).ThenBy(e => e.Key.Field, StringComparer.Ordinal)
            .Select(e => new WindowStoreEntry(e.Key.Series, e.Key.Field, new TimeWindow(WindowDefinition.FromOffset(e.Key.Start), WindowDefinition.FromOffset(e.Key.Start + _size)), e.Value.Accumulator.Count))];

    public override void OnWallClock(long nowOffsetTicks, TimeSpan taskIdleFor)
    {
        if (_node.Idle is not { } idle || taskIdleFor < idle.Timeout)
        {
            return;
        }

        var watermark = nowOffsetTicks - idle.Allowance.Ticks;
        if (watermark > _idleWatermark)
        {
            _idleWatermark = watermark;
            CloseUpTo(watermark, onIdle: true);
        }
    }

    protected override void Process(in StreamRecord record)
    {
        var time = record.Timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        _streamTime = Math.Max(_streamTime, time);
        // No window starts before the epoch: a record before it is in no window and is late.
        var late = time < 0;
        for (var start = _node.Window.LastStartTicks(time); start > time - _size && start >= 0; start -= _advance)
        {
            var end = start + _size;
            if (end + _grace <= _streamTime || end <= _idleWatermark)
            {
                late = true;
                continue;
            }

            Aggregate(record, start, time);
        }

        if (late)
        {
            _late++;
            Task.Collector.Send(_node.LateTopic, _inputKind, record);
        }

        if (_streamTime != long.MinValue)
        {
            CloseUpTo(_streamTime - _grace, onIdle: false);
        }
    }

    private void Aggregate(in StreamRecord record, long start, long time)
    {
        if (record.Value is MetricPoint point)
        {
            foreach (var field in point.Fields)
            {
                if (field.Value.Kind is not (FieldValueKind.Double or FieldValueKind.Long) || !Selected(field.Name))
                {
                    continue;
                }

                var value = field.Value.Kind == FieldValueKind.Double ? field.Value.AsDouble : field.Value.AsLong;
                if (!double.IsFinite(value))
                {
                    _skipped++;
                    continue;
                }

                var entry = Entry(record.Key, field.Name, start, point.Tenant, point.Measurement, point.Tags);
                entry.Accumulator.Add(value, time);
                entry.LastTicks = Math.Max(entry.LastTicks, time);
            }
        }
        else
        {
            var aggregate = (WindowAggregate)record.Value;
            if (Selected(aggregate.Field))
            {
                var entry = Entry(record.Key, aggregate.Field, start, aggregate.Tenant, aggregate.Measurement, aggregate.Tags);
                entry.Accumulator.Merge(aggregate, time);
                if (aggregate.Count > 0)
                {
                    entry.LastTicks = Math.Max(entry.LastTicks, time);
                }
            }
        }
    }

    private bool Selected(string field) => _node.Fields.Count == 0 || _node.Fields.Contains(field, StringComparer.Ordinal);

    private WindowEntry Entry(string series, string field, long start, string tenant, string measurement, List<Tag> tags)
    {
        var key = new WindowKey(series, field, start);
        if (!_open.TryGetValue(key, out var entry))
        {
            entry = new WindowEntry(tenant, measurement, [.. SeriesKey.Sorted(tags)], new FieldAccumulator(_node.KeepsSketch, _node.RelativeAccuracy));
            Open(key, entry);
        }

        if (!entry.Dirty && Task.TrackChanges)
        {
            MarkChanged(key, entry);
        }

        return entry;
    }

    private void CloseUpTo(long bound, bool onIdle)
    {
        while (_byEnd.Count > 0)
        {
            var (end, keys) = _byEnd.First();
            if (end > bound)
            {
                return;
            }

            _byEnd.Remove(end);
            keys.Sort((a, b) =>
            {
                var bySeries = string.CompareOrdinal(a.Series, b.Series);
                return bySeries != 0 ? bySeries : string.CompareOrdinal(a.Field, b.Field);
            });
            foreach (var key in keys)
            {
                var entry = _open[key];
                _open.Remove(key);
                if (entry.Persisted && !entry.Dirty)
                {
                    // Closed after a checkpoint wrote it: the next checkpoint writes its tombstone.
                    MarkChanged(key, entry);
                }

                _closed++;
                if (onIdle)
                {
                    _closedOnIdle++;
                }

                var output = new WindowAggregate
                {
                    Tenant = entry.Tenant,
                    Measurement = entry.Measurement,
                    Field = key.Field,
                    WindowStart = WindowDefinition.FromOffset(key.Start),
                    WindowEnd = WindowDefinition.FromOffset(end),
                };
                output.Tags.AddRange(entry.Tags);
                entry.Accumulator.WriteTo(output, _node.Aggregates);
                Forward(new StreamRecord(key.Series, output, output.WindowEnd.AddMilliseconds(-1)));
            }
        }
    }

    private void Open(WindowKey key, WindowEntry entry)
    {
        _open.Add(key, entry);
        var end = key.Start + _size;
        if (!_byEnd.TryGetValue(end, out var keys))
        {
            keys = [];
            _byEnd.Add(end, keys);
        }

        keys.Add(key);
    }

    private readonly record struct WindowKey(string Series, string Field, long Start);

    /// <summary>An open window. <see cref="LastTicks"/> mirrors the accumulator's latest event time (for the changelog).</summary>
    private sealed class WindowEntry(string tenant, string measurement, Tag[] tags, FieldAccumulator accumulator)
    {
        public string Tenant { get; } = tenant;

        public string Measurement { get; } = measurement;

        public Tag[] Tags { get; } = tags;

        public FieldAccumulator Accumulator { get; } = accumulator;

        public long LastTicks { get; set; } = long.MinValue;

        /// <summary>Changed since the last checkpoint (and listed in the changed list).</summary>
        public bool Dirty { get; set; }

        /// <summary>A checkpoint wrote its state, so closing it needs a tombstone.</summary>
        public bool Persisted { get; set; }
    }
}
