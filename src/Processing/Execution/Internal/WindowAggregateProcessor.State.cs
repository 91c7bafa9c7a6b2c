using MetricStream.Avro.Records;
using MetricStream.Processing.Aggregation.Internal;
using MetricStream.Processing.State.Internal;

namespace MetricStream.Processing.Execution.Internal;

/// <summary>The changelog side of the window store: changes since the last checkpoint, clocks, and exact restore.</summary>
internal sealed partial class WindowAggregateProcessor
{
    // Windows changed (aggregated into, or closed after being persisted) since the last checkpoint, each once.
    private readonly List<WindowEntry> _changed = [];

    /// <summary>True when a window changed since the last <see cref="TakeChanges"/>.</summary>
    public bool HasChanges => _changed.Count > 0;

    /// <summary>
    /// The windows changed since the last call, in change order: an open window's state, or null for a
    /// window closed since a checkpoint wrote it (a tombstone). Marks them persisted and clean.
    /// </summary>
    public List<(string Series, string Field, long StartTicks, WindowState? State)> TakeChanges()
    {
        var result = new List<(string, string, long, WindowState?)>(_changed.Count);
        foreach (var entry in _changed)
        {
            entry.Dirty = false;
            if (!entry.Removed)
            {
                entry.Persisted = true;
                result.Add((entry.Group.Series, entry.Field, entry.Group.Start, Snapshot(entry)));
            }
            else if (entry.Persisted)
            {
                result.Add((entry.Group.Series, entry.Field, entry.Group.Start, null));
            }
        }

        _changed.Clear();
        return result;
    }

    /// <summary>The processor's clocks, for a checkpoint marker.</summary>
    public ProcessorClock Clock() => new(Name, _streamTime, _idleWatermark);

    /// <summary>Restores the clocks of a checkpoint (before any record is processed).</summary>
    public void Restore(ProcessorClock clock)
    {
        _streamTime = clock.StreamTimeTicks;
        _idleWatermark = clock.IdleWatermarkTicks;
    }

    /// <summary>
    /// Restores one open window exactly: merging its count, sum, min, max, last (at its event time) and
    /// sketch into an empty accumulator gives the state it was written from. The window is marked changed,
    /// so the first checkpoint after a restore rewrites every restored window.
    /// </summary>
    /// <exception cref="InvalidOperationException">The state does not fit this processor (window size or sketch changed).</exception>
    public void Restore(WindowState state)
    {
        if (state.EndTicks - state.StartTicks != _size)
        {
            throw new InvalidOperationException($"changelog of '{Name}' holds a window of {TimeSpan.FromTicks(state.EndTicks - state.StartTicks)}, but the processor's windows are {TimeSpan.FromTicks(_size)}; the topology changed: use a new application id or delete the changelog topic");
        }

        if (!_open.TryGetValue(new GroupKey(state.Series, state.StartTicks), out var group))
        {
            group = new WindowGroup(state.Series, state.StartTicks, state.Tenant, state.Measurement, state.Tags, 1);
            OpenGroup(group);
        }

        var entry = new WindowEntry(group, state.Field, new FieldAccumulator(_node.KeepsSketch, _node.RelativeAccuracy))
        {
            LastTicks = state.LastEventTicks,
            Persisted = true,
        };
        if (state.Count > 0)
        {
            var values = new WindowAggregate
            {
                Count = state.Count,
                Sum = state.Sum,
                Min = state.Min,
                Max = state.Max,
                Last = state.Last,
                SketchFormat = state.SketchFormat,
                Sketch = state.Sketch,
            };
            try
            {
                entry.Accumulator.Merge(values, state.LastEventTicks);
            }
            catch (FormatException ex)
            {
                throw new InvalidOperationException($"changelog of '{Name}' holds a window the processor cannot restore ({ex.Message}); the topology changed: use a new application id or delete the changelog topic", ex);
            }
        }

        if (group.Find(state.Field) is { } old)
        {
            old.Removed = true;
            group.Replace(old, entry);
        }
        else
        {
            group.Add(entry);
            _openWindows++;
        }

        MarkChanged(entry);
    }

    private void MarkChanged(WindowEntry entry)
    {
        entry.Dirty = true;
        _changed.Add(entry);
    }

    private WindowState Snapshot(WindowEntry entry)
    {
        var a = entry.Accumulator;
        var g = entry.Group;
        return new WindowState(
            g.Series, entry.Field, g.Tenant, g.Measurement, g.Tags, g.Start, g.Start + _size,
            a.Count, a.Sum, a.Min, a.Max, a.Last, entry.LastTicks,
            a.Sketch is null ? string.Empty : Quantiles.QuantileSketch.Format,
            a.Sketch?.ToBytes() ?? []);
    }
}
