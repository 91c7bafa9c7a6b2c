using System.Threading.Tasks.Dataflow;
using Confluent.Kafka;
using MetricStream.Observability.Logging;
using MetricStream.Processing.Execution;
using MetricStream.Processing.Execution.Internal;
using MetricStream.Processing.State.Internal;
using MetricStream.Processing.Topology;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.WireFormat;
using Microsoft.Extensions.Logging;

namespace MetricStream.Processing.Runtime.Internal;

/// <summary>
/// One assigned input partition: a bounded two-block dataflow pipeline (decode, then process) around a
/// <see cref="StreamTask"/>. <see cref="TryOffer"/> never blocks: it returns false when the decode
/// block is full, and the poll thread then pauses the partition. Wall-clock ticks come from a
/// <see cref="TimeProvider"/> timer and run in the process block, so the task is only ever touched by
/// that block (MaxDegreeOfParallelism 1). Undecodable records and processing errors become dead
/// letters and the task goes on. Outputs of an item (Kafka acknowledgements and external sink writes)
/// are tracked by <see cref="Tracker"/>.
/// </summary>
internal sealed class PartitionTask : IRecordCollector, IDisposable
{
    // Every task's blocks run on one scheduler with one slot per core: with 32 partitions, 32 blocks on the thread pool
    // contend for the producer's locks and the cores, and the pool keeps injecting threads. A block that awaits an
    // acknowledgement holds no slot.
    private static readonly TaskScheduler Workers = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, Environment.ProcessorCount).ConcurrentScheduler;

    private readonly TopicPartition _partition;
    private readonly StreamTask _task;
    private readonly WindowAggregateProcessor[] _windows;
    private readonly AlertProcessor[] _alerts;
    private readonly SourceSchema _schema;
    private readonly RecordDecoder _decoder;
    private readonly OutputWriter _output;
    private readonly ExternalSinkSet _external;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxUnacknowledged;
    private readonly TransformBlock<ConsumeResult<byte[]?, byte[]>, Work> _decode;
    private readonly ActionBlock<Work> _process;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCheckpointer? _checkpointer;
    private readonly TimeSpan _checkpointInterval;
    private long _checkpointedAt;

    // The next input offset to process (-1 before the first record and without a restored checkpoint); only the process block touches it.
    private long _nextPosition = -1;

    // Outputs of the item being processed, and acknowledgements still pending in processing order;
    // both only touched inside the process block.
    private DeliveryBatch _outputs = new();
    private int _sent;
    private readonly Queue<Task> _unacknowledged = new();

    public PartitionTask(TopicPartition partition, Topology.Topology topology, RecordDecoder decoder, OutputWriter output, StreamsApplicationOptions options, ILogger logger, ChangelogWriter? changelog, string applicationId, Tables.TableStore tables, IReadOnlyDictionary<string, Alerts.AlertRuleTable> alertRules, Alerts.AlertActivity? alertActivity = null)
    {
        _partition = partition;
        _decoder = decoder;
        _output = output;
        _time = options.TimeProvider ?? TimeProvider.System;
        _logger = logger.WithScope(("application", applicationId), ("topology", topology.Name), ("topic", partition.Topic), ("partition", partition.Partition.Value));
        _maxUnacknowledged = options.MaxUnacknowledgedRecords;
        _schema = topology.Nodes.OfType<SourceNode>().First(s => string.Equals(s.Topic, partition.Topic, StringComparison.Ordinal)).Schema;
        _external = new ExternalSinkSet(topology, options.ExternalSinks, partition);
        _task = new StreamTask(topology, _time, this, tables, alertRules) { AlertActivity = alertActivity };
        _windows = [.. _task.Processors.Values.OfType<WindowAggregateProcessor>()];
        Metrics = new TaskMetrics(topology, _task.Processors, _time);
        _alerts = [.. _task.Processors.Values.OfType<AlertProcessor>()];
        if (changelog is not null && _windows.Length + _alerts.Length > 0)
        {
            ChangelogTopics = [.. _windows.Select(w => ChangelogNames.Topic(applicationId, w.Name)), .. _alerts.Select(a => ChangelogNames.Topic(applicationId, a.Name))];
            _checkpointer = new TaskCheckpointer(changelog, partition.Topic, partition.Partition.Value, _windows, ChangelogTopics, _alerts) { Stopping = _stopping.Token };
            _task.TrackChanges = true;
        }

        _checkpointInterval = options.CommitInterval;
        _checkpointedAt = _time.GetTimestamp();
        var bounded = options.TaskInputCapacity;
        _decode = new TransformBlock<ConsumeResult<byte[]?, byte[]>, Work>(DecodeAsync, new ExecutionDataflowBlockOptions { BoundedCapacity = bounded, MaxDegreeOfParallelism = 1, SingleProducerConstrained = true, TaskScheduler = Workers });
        _process = new ActionBlock<Work>(ProcessAsync, new ExecutionDataflowBlockOptions { BoundedCapacity = bounded, MaxDegreeOfParallelism = 1, TaskScheduler = Workers });
        _decode.LinkTo(_process, new DataflowLinkOptions { PropagateCompletion = true });
        _timer = _time.CreateTimer(_ => _process.Post(Work.Tick), null, options.WallClockInterval, options.WallClockInterval);
    }

    public TopicPartition Partition => _partition;

    /// <summary>The changelog topics of the task's window processors, then alert processors (topological order; the first holds the markers); empty without a changelog.</summary>
    public IReadOnlyList<string> ChangelogTopics { get; } = [];

    public CommitTracker Tracker { get; } = new();

    /// <summary>The task's counters, readable from any thread.</summary>
    public TaskMetrics Metrics { get; }

    /// <summary>Records the poll thread took from Kafka but the pipeline did not accept yet; only the poll thread touches it.</summary>
    public Queue<ConsumeResult<byte[]?, byte[]>> Stashed { get; } = new();

    /// <summary>The last position committed for the partition (-1 before the first); only the poll thread touches it.</summary>
    public long CommittedPosition
    {
        get;
        set
        {
            field = value;
            Metrics.CommittedOffset = value;
        }
    } = -1;

    /// <summary>Whether the poll thread paused the partition; only the poll thread touches it.</summary>
    public bool Paused
    {
        get;
        set
        {
            field = value;
            Metrics.Paused = value;
        }
    }

    /// <summary>Completes when the pipeline stopped (faulted if processing failed in a way that is not a poison record).</summary>
    public Task Completion => _process.Completion;

    /// <summary>Hands a record to the pipeline without blocking; false when its input is full.</summary>
    public bool TryOffer(ConsumeResult<byte[]?, byte[]> record) => _decode.Post(record);

    /// <summary>
    /// Restores the window processors from their changelogs before the pipeline takes any record; call once,
    /// right after construction. Returns the input position to start from, or null to use the committed offset.
    /// </summary>
    public long? Restore(string bootstrapServers, TimeSpan timeout)
    {
        if (_checkpointer is null)
        {
            return null;
        }

        var result = ChangelogRestorer.Restore(bootstrapServers, _partition.Topic, _partition.Partition.Value, _windows, ChangelogTopics, timeout, _alerts);
        _checkpointer.NextId = result.NextId;
        if (result.RecordsRead > 0)
        {
            Metrics.Restored(result.Windows);
        }

        if (result.Position is { } position)
        {
            _checkpointer.LastPosition = position;
            _nextPosition = position;
        }

        _logger.LogInformation(
            "Restored {Partition}: {Windows} open windows from {Records} changelog records; input resumes at {Position}",
            _partition, result.Windows, result.RecordsRead, result.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "the committed offset");
        return result.Position;
    }

    /// <summary>Stops the timer, lets the pipeline drain, writes a last checkpoint and waits for every output's acknowledgement.</summary>
    public async Task DrainAsync()
    {
        await _timer.DisposeAsync().ConfigureAwait(false);
        _decode.Complete();
        await _process.Completion.ConfigureAwait(false);
        Metrics.Publish(force: true);
        if (_checkpointer is not null)
        {
            await _checkpointer.InFlight.ConfigureAwait(false);
            Checkpoint(force: true);
        }

        await Tracker.AllAcknowledged().ConfigureAwait(false);
        await _external.DisposeAsync().ConfigureAwait(false);
        WithdrawAlerts();
    }

    /// <summary>Stops without draining (the partition was lost): queued records are dropped, not committed.</summary>
    public async Task AbandonAsync()
    {
        await _timer.DisposeAsync().ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        _decode.Complete();

        // WhenAny never throws: the pipeline's own cancellation or failure is not this caller's concern.
        await Task.WhenAny(_process.Completion).ConfigureAwait(false);
        Metrics.Publish(force: true);
        await _external.DisposeAsync().ConfigureAwait(false);
        WithdrawAlerts();
    }

    /// <summary>Releases the timer and the cancellation source; call after <see cref="DrainAsync"/> or <see cref="AbandonAsync"/>.</summary>
    public void Dispose()
    {
        _timer.Dispose();
        _stopping.Dispose();
    }

    /// <summary>The partition's alerts are another instance's to report now (the pipeline has stopped).</summary>
    private void WithdrawAlerts()
    {
        foreach (var alerts in _alerts)
        {
            alerts.Withdraw();
        }
    }

    void IRecordCollector.Send(string topic, StreamValueKind kind, in StreamRecord record)
    {
        _sent++;
        _output.Send(topic, kind, record, _outputs, _stopping.Token);
    }

    void IRecordCollector.SendExternal(SinkNode sink, StreamValueKind kind, in StreamRecord record)
    {
        _sent++;
        _outputs.Add(_external.Write(sink, kind, record));
    }

    private async Task<Work> DecodeAsync(ConsumeResult<byte[]?, byte[]> record)
    {
        while (true)
        {
            try
            {
                var value = await _decoder.DecodeAsync(_schema, record.Message.Value, _stopping.Token).ConfigureAwait(false);
                return new Work(record, value, null);
            }
            catch (WireFormatException ex)
            {
                return new Work(record, null, ex.Message);
            }
            catch (SchemaRegistryException ex)
            {
                // The record may be fine: the registry is unreachable. Retry; the bounded blocks hold the partition back meanwhile.
                _logger.LogWarning(ex, "Schema registry unavailable while decoding {Partition}@{Offset}; retrying", _partition, record.Offset.Value);
                await Task.Delay(TimeSpan.FromSeconds(1), _time, _stopping.Token).ConfigureAwait(false);
            }
        }
    }

    private async Task ProcessAsync(Work work)
    {
        // Backpressure on unacknowledged outputs: at the bound, wait for the oldest before taking more.
        while (_unacknowledged.TryPeek(out var oldest) && (oldest.IsCompleted || _unacknowledged.Count >= _maxUnacknowledged))
        {
            await oldest.ConfigureAwait(false);
            _ = _unacknowledged.Dequeue();
        }

        _outputs = new DeliveryBatch();
        _sent = 0;
        var deadLetters = 0;
        var maxEvent = long.MinValue;
        if (work.Record is null)
        {
            _task.OnWallClock();
        }
        else if (work.Value is null)
        {
            Metrics.Input(0);
            deadLetters++;
            _output.SendDeadLetter(work.Record, work.Error!, "deserialization", null, _outputs, _stopping.Token);
        }
        else
        {
            Metrics.Input(work.Value is Avro.Records.PointBatch batch ? batch.Count : 1);
            maxEvent = RecordDecoder.MaxEventTicks(work.Value);
            try
            {
                _task.Process(work.Record.Topic, work.Value);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or InvalidCastException or FormatException or OverflowException or KeyNotFoundException)
            {
                _logger.LogWarning(ex, "Processing {Partition}@{Offset} failed; dead-lettered", _partition, work.Record.Offset.Value);
                deadLetters++;
                _output.SendDeadLetter(work.Record, ex.Message, ex.GetType().Name, "processing", _outputs, _stopping.Token);
            }

            // Processors and sinks keep no reference to input values (outputs are encoded or copied when sent): reuse the batch.
            _decoder.Recycle(work.Value);
        }

        var acknowledged = _outputs.Seal();
        if (!acknowledged.IsCompleted)
        {
            _unacknowledged.Enqueue(acknowledged);
        }

        if (work.Record is not null)
        {
            _nextPosition = work.Record.Offset.Value + 1;
        }

        Tracker.Add(work.Record?.Offset.Value, maxEvent, acknowledged, OldestOpenStart());
        Checkpoint(force: false);
        Metrics.Outputs(_sent, deadLetters);
        Metrics.Publish(force: work.Record is null);
    }

    /// <summary>
    /// Writes a checkpoint when one is due (every commit interval, when nothing is in flight and something
    /// changed), or now when <paramref name="force"/>d; the tracker releases its input once the marker is durable.
    /// </summary>
    private void Checkpoint(bool force)
    {
        if (_checkpointer is null || _nextPosition < 0 || _checkpointer.Busy
            || (!force && _time.GetElapsedTime(_checkpointedAt) < _checkpointInterval)
            || !_checkpointer.HasWork(_nextPosition))
        {
            return;
        }

        _checkpointedAt = _time.GetTimestamp();
        var earlier = Tracker.AllAcknowledged();
        Tracker.AddCheckpoint(_nextPosition, _checkpointer.Write(_nextPosition, earlier));
    }

    private long OldestOpenStart()
    {
        // Alert state not yet in a checkpoint exists only in memory, like an open window: hold the input back until a
        // checkpoint releases it, or a crash after the commit would lose a firing alert and fire it again.
        if (_checkpointer is not null && _alerts.Any(a => a.HasChanges))
        {
            return long.MinValue;
        }

        var oldest = long.MaxValue;
        foreach (var window in _windows)
        {
            oldest = Math.Min(oldest, window.OldestOpenStartTicks);
        }

        return oldest;
    }

    private sealed record Work(ConsumeResult<byte[]?, byte[]>? Record, object? Value, string? Error)
    {
        public static readonly Work Tick = new(null, null, null);
    }
}
