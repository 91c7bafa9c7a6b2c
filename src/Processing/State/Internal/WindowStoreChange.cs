using MetricStream.Avro.Records;

namespace MetricStream.Processing.State.Internal;

/// <summary>One changelog value (schema <c>window-store-change.avsc</c>): an open window's state, a checkpoint marker, or an alert processor's state.</summary>
/// <param name="InputTopic">The writing task's input topic.</param>
/// <param name="Checkpoint">The checkpoint id.</param>
/// <param name="Window">The window's state, or null for a marker.</param>
/// <param name="Marker">The marker, or null for a window state.</param>
internal sealed record WindowStoreChange(string InputTopic, long Checkpoint, WindowState? Window, CheckpointMarker? Marker)
{
    /// <summary>An alert processor's state (then <see cref="Window"/> and <see cref="Marker"/> are null).</summary>
    public AlertSnapshot? Alerts { get; init; }
}

/// <summary>The state of one alert processor of a task: its evaluator's snapshot (see <c>AlertEvaluator.Snapshot</c>).</summary>
internal sealed record AlertSnapshot(string Processor, byte[] State);

/// <summary>
/// The state of one open window. Times are ticks since the Unix epoch, as in the window processor; the
/// accumulator is restored exactly by merging these values into an empty one at <see cref="LastEventTicks"/>.
/// </summary>
internal sealed record WindowState(
    string Series,
    string Field,
    string Tenant,
    string Measurement,
    Tag[] Tags,
    long StartTicks,
    long EndTicks,
    long Count,
    double Sum,
    double Min,
    double Max,
    double Last,
    long LastEventTicks,
    string SketchFormat,
    byte[] Sketch);

/// <summary>A checkpoint: state and outputs are durable for every input before <see cref="InputPosition"/>.</summary>
internal sealed record CheckpointMarker(long InputPosition, IReadOnlyList<ProcessorClock> Processors);

/// <summary>A window-aggregate processor's clocks (ticks since the epoch; <see cref="long.MinValue"/>: none).</summary>
internal sealed record ProcessorClock(string Processor, long StreamTimeTicks, long IdleWatermarkTicks);
