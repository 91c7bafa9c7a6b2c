using Confluent.Kafka;
using MetricStream.Kafka.Consuming;
using MetricStream.Kafka.Producing;
using MetricStream.Kafka.Topics;
using MetricStream.Processing.Runtime.Internal;
using MetricStream.Processing.State.Internal;
using MetricStream.Processing.Topology;
using MetricStream.SchemaRegistry.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricStream.Processing.Runtime;

/// <summary>
/// Runs a <see cref="Topology.Topology"/> against Kafka, like a Kafka Streams instance. One consumer joins
/// the consumer group <see cref="ApplicationId"/> (manual commits, cooperative-sticky assignment); every
/// assigned input partition becomes a task with its own bounded TPL Dataflow pipeline. A task whose input
/// is full has its partition paused until it drains, so backpressure reaches the broker and no queue is
/// unbounded. Records are decoded from the Confluent wire format; undecodable ones (bad magic byte,
/// unknown or unexpected schema id, corrupt body) and records whose processing throws go to the
/// dead-letter topic with the reason and source position, and the task goes on.
/// </summary>
/// <remarks>
/// <para>Delivery is at-least-once: an input offset is committed only after every output derived from it
/// is acknowledged (by Kafka, or by an external sink) and its window state is durable: either in a
/// checkpoint of the changelog (<see cref="StreamsApplicationOptions.EnableChangelog"/>) or because no open
/// window holds its data. After a crash or a rebalance a task restores its open windows exactly as of its
/// last complete checkpoint and resumes its input there (or, without one, at the committed offset), so
/// outputs may repeat but window results are exact.</para>
/// <para>Rebalances: a revoked partition's task drains its pipeline, waits for acknowledgements, commits and
/// closes; a newly assigned partition gets a new task that starts from the committed offset. A lost
/// partition's task is dropped without committing.</para>
/// <para>Outputs are keyed by series key and partitioned by librdkafka's <c>murmur2_random</c> partitioner
/// (the Java client's partitioner). Idle CPU is near zero: the poll thread waits in consume calls of
/// <see cref="StreamsApplicationOptions.PollTimeout"/>, and each task's wall-clock timer fires every
/// <see cref="StreamsApplicationOptions.WallClockInterval"/>.</para>
/// <para>Threading: consumer calls (consume, commit, pause, resume, rebalance callbacks) happen only on the
/// poll thread; <c>_tasks</c> must only be accessed from that thread.</para>
/// </remarks>
public sealed partial class StreamsApplication : IAsyncDisposable
{
    private static readonly TimeSpan BackpressurePoll = TimeSpan.FromMilliseconds(5);
    private readonly Topology.Topology _topology;
    private readonly StreamsApplicationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SchemaRegistryClient _registry;
    private readonly DurableProducer _producer;
    private readonly OutputWriter _output;
    private readonly ProduceRetry _retry;
    private readonly RecordDecoder _decoder;
    private readonly ChangelogWriter? _changelog;
    private readonly Tables.TableStore _tables = new();
    private IReadOnlyDictionary<string, Alerts.AlertRuleTable> _alertRules = new Dictionary<string, Alerts.AlertRuleTable>();
    private readonly ChangelogTopics? _changelogTopics;
    private readonly Dictionary<TopicPartition, PartitionTask> _tasks = [];
    private Exception? _rebalanceFailure;
    private bool _changelogUnavailable;
    private int _assignedCount;
    private long _committedCount;
    private long _pauses;
    private int _started;

    /// <summary>Creates an application; nothing connects until <see cref="RunAsync"/>.</summary>
    /// <param name="topology">The topology to run.</param>
    /// <param name="options">Connection and bounds.</param>
    public StreamsApplication(Topology.Topology topology, StreamsApplicationOptions options)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TaskInputCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxUnacknowledgedRecords, 1);
        ExternalSinkSet.CheckProviders(topology, options.ExternalSinks);
        _topology = topology;
        _options = options;
        _time = options.TimeProvider ?? TimeProvider.System;
        _logger = options.LoggerFactory?.CreateLogger<StreamsApplication>() ?? NullLogger<StreamsApplication>.Instance;
        ApplicationId = options.ApplicationId ?? topology.Name;
        _registry = new SchemaRegistryClient(new SchemaRegistryClientOptions { Url = options.RegistryUrl }, _time);
        _producer = new DurableProducer(
            new ProducerSettings
            {
                BootstrapServers = options.BootstrapServers,
                ClientId = options.ClientId,
                QueueMaxMessages = options.ProducerQueueMaxMessages,
                QueueFullTimeout = options.ProducerQueueFullTimeout,
                // Delivery reports are only counted (DeliveryBatch): do not copy keys and values back into them.
                Overrides = new Dictionary<string, string> { ["partitioner"] = "murmur2_random", ["dotnet.producer.delivery.report.fields"] = "none" },
            },
            _time,
            options.LoggerFactory?.CreateLogger<DurableProducer>());
        _retry = new ProduceRetry(_time, _logger);
        _output = new OutputWriter(_producer, _registry, options.DeadLetterTopic, _time, _retry);
        _decoder = new RecordDecoder(_registry);
        if (options.EnableChangelog && topology.Nodes.Any(n => n is WindowAggregateNode or AlertNode))
        {
            _changelog = new ChangelogWriter(_producer, _registry, _retry);
            _changelogTopics = new ChangelogTopics(
                options.BootstrapServers,
                options.TopicProvisioner ?? new AdminTopicProvisioner(options.BootstrapServers, TimeSpan.FromSeconds(5)),
                _logger);
        }
    }

    /// <summary>The consumer group: <see cref="StreamsApplicationOptions.ApplicationId"/>, else the topology's name.</summary>
    public string ApplicationId { get; }

    /// <summary>How many partitions (tasks) this instance currently runs; updated on rebalances.</summary>
    public int AssignedPartitions => Volatile.Read(ref _assignedCount);

    /// <summary>
    /// Whether window and alert state is backed by changelogs: <see cref="StreamsApplicationOptions.EnableChangelog"/> and a
    /// window or alert processor in the topology, until the changelog topics turn out unusable (then false; see the log).
    /// </summary>
    public bool UsesChangelog => _changelog is not null && !_changelogUnavailable;

    /// <summary>Rows held from the join tables (see <see cref="Topology.JoinNode"/>), over all table topics and key lists.</summary>
    public int TableRows => _tables.Count;

    /// <summary>How many offset commits this instance has made (a progress gauge).</summary>
    public long Commits => Interlocked.Read(ref _committedCount);

    /// <summary>How many outputs found the producer's queue full for longer than its bound and were retried (a backpressure counter).</summary>
    public long ProducerQueueFullRetries => _retry.Refusals;

    /// <summary>
    /// The alert processors' counters (aggregates evaluated, transitions by state) and the alerts firing now in this
    /// instance's tasks; a partition's alerts leave it when the partition moves to another instance.
    /// </summary>
    public Alerts.AlertActivity AlertActivity { get; } = new();

    /// <summary>How many times a partition was paused because its task's input was full (a backpressure counter).</summary>
    public long Pauses => Interlocked.Read(ref _pauses);

    /// <summary>
    /// Registers output schemas, joins the group and processes until <paramref name="cancellationToken"/> is
    /// cancelled; then drains every task, commits and leaves the group. The poll loop runs on its own thread.
    /// </summary>
    /// <param name="cancellationToken">Stops the application.</param>
    /// <returns>Completes when the application has left the group; faults when processing failed (for
    /// example an output was not acknowledged within the producer's delivery timeout) — uncommitted input
    /// is then processed again by the next owner.</returns>
    /// <exception cref="InvalidOperationException">The application was already started; an instance runs once.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("the application was already started; create a new instance to run again");
        }

        await _output.RegisterAsync(_topology, cancellationToken).ConfigureAwait(false);
        if (_changelog is not null)
        {
            var topics = _topology.Nodes.Where(n => n is WindowAggregateNode or AlertNode).Select(n => ChangelogNames.Topic(ApplicationId, n.Name));
            await _changelog.RegisterAsync(topics, cancellationToken).ConfigureAwait(false);
        }

        // Alert rule tables: read whole before any task processes, then followed (a change needs no restart).
        await using var alertRules = new AlertRuleReader(_options.BootstrapServers, _options.TopicProvisioner, _logger);
        await alertRules.StartAsync(_topology.AlertRuleTopics, _options.RestoreTimeout, cancellationToken).ConfigureAwait(false);
        _alertRules = alertRules.Tables;
        if (_topology.TableTopics.Count == 0)
        {
            await Task.Factory.StartNew(() => PollLoop(cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            return;
        }

        // Joins: load the tables completely before any task processes, then keep following them beside the poll loop.
        using var tables = new TableReader(_topology, _options.BootstrapServers, _decoder, _tables, _logger);
        using var stopTables = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.Run(() => tables.CatchUp(_options.RestoreTimeout, cancellationToken), cancellationToken).ConfigureAwait(false);
        var follow = Task.Factory.StartNew(() => tables.Follow(stopTables.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            await Task.Factory.StartNew(() => PollLoop(cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        finally
        {
            await stopTables.CancelAsync().ConfigureAwait(false);
            await follow.ConfigureAwait(false);
        }
    }

    /// <summary>Flushes and closes the producer and the registry client. Call after <see cref="RunAsync"/> has completed.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        _producer.Dispose();
        _registry.Dispose();
        _changelogTopics?.Dispose();
        return ValueTask.CompletedTask;
    }

    private void PollLoop(CancellationToken cancellationToken)
    {
        var settings = new ConsumerSettings
        {
            BootstrapServers = _options.BootstrapServers,
            GroupId = ApplicationId,
            ClientId = _options.ClientId,
            SessionTimeout = _options.SessionTimeout,
            HeartbeatInterval = TimeSpan.FromTicks(Math.Max(_options.SessionTimeout.Ticks / 3, TimeSpan.TicksPerMillisecond)),
        };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(ConsumerDefaults.Build(settings))
            .SetPartitionsAssignedHandler((_, partitions) => Guarded(() => OnAssigned(partitions), [.. partitions.Select(p => new TopicPartitionOffset(p, Offset.Unset))]))
            .SetPartitionsRevokedHandler((c, partitions) => Guarded(() => OnRevoked(c, partitions.Select(p => p.TopicPartition))))
            .SetPartitionsLostHandler((_, partitions) => Guarded(() => OnLost(partitions.Select(p => p.TopicPartition))))
            .SetErrorHandler((_, error) => _logger.Log(error.IsFatal ? LogLevel.Error : LogLevel.Debug, "Kafka consumer: {Reason}", error.Reason))
            .Build();
        consumer.Subscribe(_topology.SourceTopics);
        var lastCommit = _time.GetTimestamp();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // While a partition is paused, poll briefly so its stash moves on as soon as its task has room.
                var backpressured = OfferStashed(consumer);
                var record = Consume(consumer, backpressured ? BackpressurePoll : _options.PollTimeout);
                if (_rebalanceFailure is { } failure)
                {
                    throw new InvalidOperationException($"{ApplicationId}: a rebalance failed: {failure.Message}", failure);
                }

                if (record is not null && _tasks.TryGetValue(record.TopicPartition, out var task))
                {
                    Offer(consumer, task, record);
                }

                if (_time.GetElapsedTime(lastCommit) >= _options.CommitInterval)
                {
                    CommitReady(consumer);
                    lastCommit = _time.GetTimestamp();
                }
            }

            OnRevoked(consumer, [.. _tasks.Keys]);
        }
        finally
        {
            // After a failure: drop the remaining tasks uncommitted (their input is processed again by the next owner).
            OnLost([.. _tasks.Keys]);
            LeaveGroup(consumer);
            consumer.Close();
        }
    }

    private ConsumeResult<byte[]?, byte[]>? Consume(IConsumer<byte[]?, byte[]> consumer, TimeSpan timeout)
    {
        try
        {
            return consumer.Consume(timeout);
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            // E.g. a source topic that does not exist yet: keep polling, the group picks it up when it appears.
            _logger.LogWarning("Kafka consumer: {Reason} ({Code})", ex.Error.Reason, ex.Error.Code);
            return null;
        }
    }

    private void Offer(IConsumer<byte[]?, byte[]> consumer, PartitionTask task, ConsumeResult<byte[]?, byte[]> record)
    {
        if (task.Stashed.Count == 0 && task.TryOffer(record))
        {
            return;
        }

        task.Stashed.Enqueue(record);
        if (!task.Paused)
        {
            consumer.Pause([task.Partition]);
            task.Paused = true;
            Interlocked.Increment(ref _pauses);
        }
    }

    /// <summary>Moves stashed records into their tasks and resumes drained partitions; true when a partition is still paused.</summary>
    private bool OfferStashed(IConsumer<byte[]?, byte[]> consumer)
    {
        var paused = false;
        foreach (var task in _tasks.Values)
        {
            if (task.Completion.IsFaulted)
            {
                throw new InvalidOperationException($"the task of {task.Partition} failed", task.Completion.Exception);
            }

            while (task.Stashed.TryPeek(out var next) && task.TryOffer(next))
            {
                task.Stashed.Dequeue();
            }

            if (task.Paused && task.Stashed.Count == 0)
            {
                consumer.Resume([task.Partition]);
                task.Paused = false;
            }

            paused |= task.Paused;
        }

        return paused;
    }

    private void CommitReady(IConsumer<byte[]?, byte[]> consumer)
    {
        foreach (var task in _tasks.Values)
        {
            // The client's cached high watermark (from its last fetch): no broker round trip.
            var high = consumer.GetWatermarkOffsets(task.Partition).High;
            task.Metrics.EndOffset = high.IsSpecial ? -1 : high.Value;
        }

        Commit(consumer, [.. _tasks.Values]);
    }

    /// <summary>
    /// Commits every task whose committable position moved. A failed commit (a rebalance in progress, a
    /// coordinator moving) is logged and retried at the next interval; positions are kept, not lost.
    /// </summary>
    private void Commit(IConsumer<byte[]?, byte[]> consumer, IReadOnlyList<PartitionTask> tasks)
    {
        var moved = new List<(PartitionTask Task, long Position)>();
        foreach (var task in tasks)
        {
            if (task.Tracker.Advance() is { } position && position > task.CommittedPosition)
            {
                moved.Add((task, position));
            }
        }

        if (moved.Count == 0)
        {
            return;
        }

        var offsets = moved.Select(m => new TopicPartitionOffset(m.Task.Partition, m.Position)).ToList();
        try
        {
            consumer.Commit(offsets);
        }
        catch (KafkaException ex) when (!ex.Error.IsFatal)
        {
            _logger.LogWarning(ex, "Commit of {Offsets} failed; retrying at the next interval", string.Join(", ", offsets));
            return;
        }

        foreach (var (task, position) in moved)
        {
            task.CommittedPosition = position;
        }

        Interlocked.Increment(ref _committedCount);
        _logger.LogDebug("Committed {Offsets}", string.Join(", ", offsets));
    }
}
