using MetricStream.Avro.Records;
using MetricStream.Processing.Aggregation.Internal;
using MetricStream.Processing.State.Internal;

namespace MetricStream.Processing.Execution.Internal;

/// <summary>The changelog side of the window store: changes since the last checkpoint, clocks, and exact restore.</summary>
internal sealed partial class WindowAggregateProcessor
{
    // Windows changed (aggregated into, or closed after being persisted) since the last checkpoint, each once.
    private readonly List<(WindowKey Key, WindowEntry Entry)> _changed = [];

    /// <summary>True when a window changed since the last <see cref="TakeChanges"/>.</summary>
    public bool HasChanges => _changed.Count > 0;

    /// <summary>
    /// The windows changed since the last call, in change order: an open window's state, or null for a
    /// window closed since a checkpoint wrote it (a tombstone). Marks them persisted and clean.
    /// </summary>
    public List<(string Series, string Field, long StartTicks, WindowState? State)> TakeChanges()
    {
        var result = new List<(string, string, long, WindowState?)>(_changed.Count);
        foreach (var (key, entry) in _changed)
        {
            entry.Dirty = false;
            if (_open.TryGetValue(key, out var current) && ReferenceEquals(current, entry))
            {
                entry.Persisted = true;
                result.Add((key.Series, key.Field, key.Start, Snapshot(key, entry)));
            }
            else if (entry.Persisted)
            {
                result.Add((key.Series, key.Field, key.Start, null));
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

        var entry = new WindowEntry(state.Tenant, state.Measurement, state.Tags, new FieldAccumulator(_node.KeepsSketch, _node.RelativeAccuracy))
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

        var key = new WindowKey(state.Series, state.Field, state.StartTicks);
        if (_open.Remove(key))
        {
            _byEnd[key.Start + _size].Remove(key);
        }

        Open(key, entry);
        MarkChanged(key, entry);
    }

    private void MarkChanged(WindowKey key, WindowEntry entry)
    {
        entry.Dirty = true;
        _changed.Add((key, entry));
    }

    private WindowState Snapshot(WindowKey key, WindowEntry entry)
    {
        var a = entry.Accumulator;
        return new WindowState(
            key.Series, key.Field, entry.Tenant, entry.Measurement, entry.Tags, key.Start, key.Start + _size,
            a.Count, a.Sum, a.Min, a.Max, a.Last, entry.LastTicks,
            a.Sketch is null ? string.Empty : Quantiles.QuantileSketch.Format,
            a.Sketch?.ToBytes() ?? []);
    }
}
