using MetricStream.Avro.Records;
using MetricStream.Processing.Topology;
using MetricStream.Processing.Windows;

namespace MetricStream.Processing.Execution.Internal;

/// <summary>
/// The window store and close logic of one window-aggregate processor in one task. Stream time here is
/// the largest event time among the records this processor has received (as in Kafka Streams'
/// window aggregate), so a rollup of rollups advances with the rollups it receives. Windows close in
/// order of their end, and windows with the same end in order of series key then field (ordinal), so
/// the same input order always gives the same output order and bytes. The store keeps one group per
/// series and window (one hash lookup per point and window, the series' tags copied once) holding one
/// accumulator per field (see the Store part of this class). When the task tracks changes
/// (<see cref="StreamTask.TrackChanges"/>, the runtime with a changelog) the windows changed since the
/// last checkpoint are remembered for the changelog (see the State part of this class).
/// </summary>
internal sealed partial class WindowAggregateProcessor : TaskProcessor
{
    private readonly WindowAggregateNode _node;
    private readonly StreamValueKind _inputKind;
    private readonly Dictionary<GroupKey, WindowGroup> _open = [];
    private readonly SortedDictionary<long, List<WindowGroup>> _byEnd = [];
    private readonly long _size;
    private readonly long _advance;
    private readonly long _grace;
    private long _streamTime = long.MinValue;
    private long _idleWatermark = long.MinValue;
    private long _late;
    private long _opened;
    private long _closed;
    private long _closedOnIdle;
    private long _skipped;
    private int _openWindows;

    public WindowAggregateProcessor(WindowAggregateNode node, StreamTask task, StreamValueKind inputKind)
        : base(node.Name, task)
    {
        _node = node;
        _inputKind = inputKind;
        _size = node.Window.Size.Ticks;
        _advance = node.Window.Advance.Ticks;
        _grace = node.Window.Grace.Ticks;
    }

    public override ProcessorCounters Counters() => new(RecordsIn, RecordsOut, _late, _closed, _closedOnIdle, _skipped, _openWindows) { WindowsOpened = _opened };

    /// <summary>
    /// Start (ticks since the Unix epoch) of the earliest-starting open window, or <see cref="long.MaxValue"/>
    /// when none is open. Every window has the same size, so the window that ends first starts first. The
    /// runtime commits an input offset only when no open window starts at or before the record's event time.
    /// </summary>
    public long OldestOpenStartTicks => _byEnd.Count == 0 ? long.MaxValue : _byEnd.Keys.First() - _size;

    public IReadOnlyList<WindowStoreEntry> Entries() =>
        [.. _open.Values.SelectMany(g => g.Fields.Take(g.Count)).OrderBy(e => e.Group.Start).ThenBy(e => e.Group.Series, StringComparer.Ordinal).ThenBy(e => e.Field, StringComparer.Ordinal)
            .Select(e => new WindowStoreEntry(e.Group.Series, e.Field, new TimeWindow(WindowDefinition.FromOffset(e.Group.Start), WindowDefinition.FromOffset(e.Group.Start + _size)), e.Accumulator.Count))];

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
            WindowGroup? group = null;
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

                group ??= Group(record.Key, start, point.Tenant, point.Measurement, point.Tags, point.Fields.Count);
                var entry = Entry(group, field.Name);
                entry.Accumulator.Add(value, time);
                entry.LastTicks = Math.Max(entry.LastTicks, time);
            }
        }
        else
        {
            var aggregate = (WindowAggregate)record.Value;
            if (Selected(aggregate.Field))
            {
                var entry = Entry(Group(record.Key, start, aggregate.Tenant, aggregate.Measurement, aggregate.Tags, 1), aggregate.Field);
                entry.Accumulator.Merge(aggregate, time);
                if (aggregate.Count > 0)
                {
                    entry.LastTicks = Math.Max(entry.LastTicks, time);
                }
            }
        }
    }

    private bool Selected(string field) => _node.Fields.Count == 0 || _node.Fields.Contains(field, StringComparer.Ordinal);

    private void CloseUpTo(long bound, bool onIdle)
    {
        while (_byEnd.Count > 0)
        {
            var (end, groups) = _byEnd.First();
            if (end > bound)
            {
                return;
            }

            _byEnd.Remove(end);
            groups.Sort(static (a, b) => string.CompareOrdinal(a.Series, b.Series));
            foreach (var group in groups)
            {
                _open.Remove(new GroupKey(group.Series, group.Start));
                group.SortFields();
                for (var i = 0; i < group.Count; i++)
                {
                    Close(group, group.Fields[i], end, onIdle);
                }
            }
        }
    }

    private void Close(WindowGroup group, WindowEntry entry, long end, bool onIdle)
    {
        entry.Removed = true;
        _openWindows--;
        if (entry.Persisted && !entry.Dirty)
        {
            // Closed after a checkpoint wrote it: the next checkpoint writes its tombstone.
            MarkChanged(entry);
        }

        _closed++;
        if (onIdle)
        {
            _closedOnIdle++;
        }

        var output = new WindowAggregate
        {
            Tenant = group.Tenant,
            Measurement = group.Measurement,
            Field = entry.Field,
            WindowStart = WindowDefinition.FromOffset(group.Start),
            WindowEnd = WindowDefinition.FromOffset(end),
        };
        output.Tags.AddRange(group.Tags);
        entry.Accumulator.WriteTo(output, _node.Aggregates);
        Recycle(entry);
        Forward(new StreamRecord(group.Series, output, output.WindowEnd.AddMilliseconds(-1)));
    }
}
