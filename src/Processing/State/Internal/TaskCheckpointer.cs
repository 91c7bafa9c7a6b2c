using MetricStream.Processing.Execution.Internal;
using MetricStream.Processing.Runtime.Internal;

namespace MetricStream.Processing.State.Internal;

/// <summary>
/// Writes the checkpoints of one task (one input partition) to the changelogs of its window processors.
/// A checkpoint with id k: the changes of every window processor since checkpoint k-1 (open windows' state,
/// tombstones for windows closed since they were written), each to that processor's changelog; then, once
/// all of them and every output of earlier input are acknowledged, a marker with the input position and
/// the processors' clocks to the changelog of the first window processor (the primary). Restore applies
/// only the changes of checkpoints that have a marker, so a checkpoint torn by a crash is ignored.
/// At most one checkpoint is in flight, so changes of checkpoint k+1 are never written before marker k.
/// Alert processors (after the window processors in <paramref name="topics"/>) write their whole state,
/// when it changed, under one key per task to their own changelog; without window processors the first
/// alert changelog holds the markers.
/// </summary>
/// <remarks>Called only from the task's processing block (or after it completed); not thread-safe.</remarks>
internal sealed class TaskCheckpointer(ChangelogWriter writer, string inputTopic, int partition, IReadOnlyList<WindowAggregateProcessor> windows, IReadOnlyList<string> topics, IReadOnlyList<AlertProcessor>? alerts = null)
{
    private readonly IReadOnlyList<AlertProcessor> _alerts = alerts ?? [];

    private Task _inFlight = Task.CompletedTask;

    /// <summary>The id the next checkpoint gets; set by restore past every id found in the changelogs.</summary>
    public long NextId { get; set; } = 1;

    /// <summary>The input position of the last checkpoint written (or restored); -1 before any.</summary>
    public long LastPosition { get; set; } = -1;

    /// <summary>Stops waiting for room in a full producer queue (the task is abandoned).</summary>
    public CancellationToken Stopping { get; init; }

    /// <summary>True while the previous checkpoint's marker is not yet acknowledged.</summary>
    public bool Busy => !_inFlight.IsCompleted;

    /// <summary>The previous checkpoint's marker task.</summary>
    public Task InFlight => _inFlight;

    /// <summary>True when a window changed or the input moved since the last checkpoint.</summary>
    public bool HasWork(long position) => position != LastPosition || windows.Any(w => w.HasChanges) || _alerts.Any(a => a.HasChanges);

    /// <summary>Writes a checkpoint at <paramref name="position"/>; the task completes when its marker is durable.</summary>
    /// <param name="position">The next input offset (every input before it is processed).</param>
    /// <param name="earlierOutputs">Completes when every output of input before <paramref name="position"/> is acknowledged.</param>
    public Task Write(long position, Task earlierOutputs)
    {
        var id = NextId++;
        var states = new DeliveryBatch();
        for (var i = 0; i < windows.Count; i++)
        {
            foreach (var (series, field, start, state) in windows[i].TakeChanges())
            {
                var key = ChangelogNames.WindowKey(inputTopic, series, field, start);
                writer.Send(topics[i], partition, key, state is null ? null : new WindowStoreChange(inputTopic, id, state, null), id, states, Stopping);
            }
        }

        for (var i = 0; i < _alerts.Count; i++)
        {
            if (_alerts[i].HasChanges)
            {
                var change = new WindowStoreChange(inputTopic, id, null, null) { Alerts = new AlertSnapshot(_alerts[i].Name, _alerts[i].TakeSnapshot()) };
                writer.Send(topics[windows.Count + i], partition, ChangelogNames.AlertsKey(inputTopic), change, id, states, Stopping);
            }
        }

        var marker = new WindowStoreChange(inputTopic, id, null, new CheckpointMarker(position, [.. windows.Select(w => w.Clock())]));
        LastPosition = position;
        _inFlight = WriteMarkerAsync(states.Seal(), earlierOutputs, marker);
        return _inFlight;
    }

    private async Task WriteMarkerAsync(Task states, Task earlierOutputs, WindowStoreChange marker)
    {
        await states.ConfigureAwait(false);
        await earlierOutputs.ConfigureAwait(false);
        var batch = new DeliveryBatch();
        writer.Send(topics[0], partition, ChangelogNames.MarkerKey(inputTopic), marker, marker.Checkpoint, batch, Stopping);
        await batch.Seal().ConfigureAwait(false);
    }
}
