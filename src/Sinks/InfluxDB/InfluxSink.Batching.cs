using MetricStream.Sinks.DeadLetters;
using MetricStream.Sinks.InfluxDB.Internal;

namespace MetricStream.Sinks.InfluxDB;

/// <summary>Routing of records to slots, opening, sealing and dispatching batches.</summary>
public sealed partial class InfluxSink
{
    private Slot Route(string destination, string tenant)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(tenant);
        if (!_destinations.TryGetValue(destination, out var index))
        {
            throw new ArgumentException($"unknown InfluxDB destination '{destination}' (known: {string.Join(", ", _destinationNames)})", nameof(destination));
        }

        var decision = _strategy.Choose(tenant, _targets);
        _targets[decision.Target].Routed(decision.Reason);
        return _slots[(index * _targets.Length) + decision.Target];
    }

    /// <summary>
    /// Opens a batch in <paramref name="slot"/>, sized like the slot's previous one (so a full batch is written
    /// without growing its buffers); called under the slot's lock.
    /// </summary>
    private Batch Open(Slot slot)
    {
        var lines = Math.Min(_options.BatchMaxLines, Math.Max(slot.LastLines, 1024));
        var bytes = (int)Math.Min(_options.BatchMaxBytes, Math.Max(slot.LastBytes + (slot.LastBytes / 8L), 256 * 1024));
        var batch = new Batch(slot.Destination, slot.Target, lines, bytes);
        batch.Linger = _options.TimeProvider.CreateTimer(_ => Seal(slot, batch), null, _options.BatchLinger, Timeout.InfiniteTimeSpan);
        return batch;
    }

    /// <summary>Records the line just written; seals the batch when full. Called under the slot's lock.</summary>
    private Task Added(Slot slot, Batch batch, string tenant, InfluxRecordSource source)
    {
        batch.Add(tenant, source);
        Interlocked.Increment(ref _accepted);
        Interlocked.Increment(ref _pending);
        if (batch.Count >= _options.BatchMaxLines || batch.Buffer.Length >= _options.BatchMaxBytes)
        {
            slot.Take();
            Dispatch(batch);
        }

        return batch.Completion;
    }

    /// <summary>The linger timer: seals the batch if it is still the slot's open one.</summary>
    private void Seal(Slot slot, Batch batch)
    {
        lock (slot)
        {
            if (!ReferenceEquals(slot.Current, batch))
            {
                return;
            }

            slot.Take();
        }

        Dispatch(batch);
    }

    private void Dispatch(Batch batch)
    {
        batch.Linger?.Dispose();
        var lines = batch.Count;
        var completion = batch.Completion;
        _sending[batch] = completion;
        _ = Task.Run(() => _sender.SendAsync(batch, _stopping.Token));
        _ = completion.ContinueWith(
            (_, state) =>
            {
                var (sink, sent) = ((InfluxSink, Batch))state!;
                Interlocked.Add(ref sink._pending, -lines);
                sink._sending.TryRemove(sent, out Task? _);
            },
            (this, batch),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private Task Unwritable(string reason, string destination, string tenant, InfluxRecordSource source)
    {
        Interlocked.Increment(ref _unwritable);
        var stage = $"influxdb:{destination}";
        if (_deadLetters is null)
        {
            return Task.CompletedTask;
        }

        var letter = new InfluxDeadLetter(reason, "sink-unwritable", stage, tenant, ReadOnlyMemory<byte>.Empty, source);
        return _deadLetters.PublishAsync(letter, _stopping.Token);
    }

    /// <summary>One (destination, target) pair and its open batch; the object is its own lock.</summary>
    private sealed class Slot(int destination, int target)
    {
        public int Destination { get; } = destination;

        public int Target { get; } = target;

        /// <summary>The open batch, or null. Must always be accessed under the lock on this slot.</summary>
        public Batch? Current { get; set; }

        /// <summary>Lines of the last batch taken (a size hint for the next one); under the lock.</summary>
        public int LastLines { get; private set; }

        /// <summary>Bytes of the last batch taken (a size hint for the next one); under the lock.</summary>
        public int LastBytes { get; private set; }

        /// <summary>Takes the open batch out (it is being sent) and remembers its size; under the lock.</summary>
        public Batch? Take()
        {
            var batch = Current;
            Current = null;
            if (batch is not null)
            {
                LastLines = batch.Count;
                LastBytes = batch.Buffer.Length;
            }

            return batch;
        }
    }
}
