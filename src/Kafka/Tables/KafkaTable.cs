using System.Diagnostics.CodeAnalysis;
using Confluent.Kafka;
using MetricStream.Kafka.Consuming;
using MetricStream.Kafka.Tables.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricStream.Kafka.Tables;

/// <summary>
/// A table read from a compacted topic, whole, by every instance (like a Kafka Streams global table): every
/// partition is assigned and read from the beginning, no consumer group is joined and no offset is committed.
/// The latest value per key wins; a null value (tombstone) deletes the key. Correct without compaction too
/// (compaction only shortens the replay). <see cref="WaitUntilCaughtUpAsync"/> completes once the table read up
/// to the end offsets seen at start; from then on each applied record raises <see cref="Changed"/>.
/// Concurrency: one consume loop (its own long-running task) applies records and raises <see cref="Changed"/>
/// on that thread, in offset order per partition; reads (<see cref="TryGet"/>, <see cref="Snapshot"/>) are
/// safe from any thread.
/// </summary>
/// <typeparam name="TValue">The decoded row.</typeparam>
public sealed class KafkaTable<TValue> : IAsyncDisposable
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(200);
    private readonly KafkaTableOptions _options;
    private readonly Func<byte[], TValue> _decode;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private TableState<TValue>? _state;
    private IConsumer<byte[]?, byte[]?>? _consumer;
    private Task _loop = Task.CompletedTask;

    /// <summary>Creates the table; nothing is read before <see cref="StartAsync"/>.</summary>
    /// <param name="options">Topic and connection.</param>
    /// <param name="decode">Turns a record value into a row; a value it throws on is skipped (counted in <see cref="SkippedRecords"/>).</param>
    /// <param name="logger">Logs skipped records and start-up.</param>
    public KafkaTable(KafkaTableOptions options, Func<byte[], TValue> decode, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(decode);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Topic);
        _options = options;
        _decode = decode;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// A key was put or deleted, after the table caught up (records read while catching up raise nothing: read
    /// <see cref="Snapshot"/> once caught up). Raised on the consume loop; keep handlers short and non-blocking.
    /// A handler that throws is logged and does not stop the table.
    /// </summary>
    public event Action<KafkaTableChange<TValue>>? Changed;

    /// <summary>The topic.</summary>
    public string Topic => _options.Topic;

    /// <summary>True once the table read up to the end offsets seen at start.</summary>
    public bool IsCaughtUp => _caughtUp.Task.IsCompletedSuccessfully;

    /// <summary>Why the table stopped following its topic (a fatal client error), or null while it runs.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Keys held now.</summary>
    public int Count => _state?.Count ?? 0;

    /// <summary>Records skipped: without a key, or with a value the decoder threw on.</summary>
    public long SkippedRecords => _state?.Skipped ?? 0;

    /// <summary>
    /// Creates the topic (compacted) when it is missing and a provisioner is configured, finds its partitions and
    /// end offsets, assigns them all from the beginning and starts the consume loop. Returns before catching up.
    /// </summary>
    /// <exception cref="TimeoutException">The topic did not show up in the metadata within <see cref="KafkaTableOptions.StartTimeout"/>.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        if (_consumer is not null)
        {
            throw new InvalidOperationException("the table is already started");
        }

        var consumer = new ConsumerBuilder<byte[]?, byte[]?>(ConsumerConfig()).Build();
        try
        {
            var partitions = await TableTopic.PartitionsAsync(consumer, _options, _logger, cancellationToken).ConfigureAwait(false);
            var starts = new Dictionary<int, long>();
            var ends = new Dictionary<int, long>();
            foreach (var partition in partitions)
            {
                var watermarks = consumer.QueryWatermarkOffsets(new TopicPartition(_options.Topic, partition), _options.StartTimeout);
                starts[partition] = watermarks.Low.Value;
                ends[partition] = watermarks.High.Value;
            }

            _state = new TableState<TValue>(ends, starts, _decode);
            consumer.Assign(partitions.Select(p => new TopicPartitionOffset(_options.Topic, p, Offset.Beginning)));
            _consumer = consumer;
        }
        catch
        {
            consumer.Dispose();
            throw;
        }

        _logger.LogInformation("Table {Topic}: reading {Partitions} partition(s) from the beginning", _options.Topic, _consumer.Assignment.Count);
        if (_state.IsCaughtUp)
        {
            _caughtUp.TrySetResult();
        }

        var token = _stopping.Token;
        _loop = Task.Factory.StartNew(() => ConsumeLoop(token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Completes when the table read up to the end offsets seen at start; faults if the consume loop failed.</summary>
    public Task WaitUntilCaughtUpAsync(CancellationToken cancellationToken = default) => _caughtUp.Task.WaitAsync(cancellationToken);

    /// <summary>The value of <paramref name="key"/>, when the table holds it.</summary>
    public bool TryGet(string key, [MaybeNullWhen(false)] out TValue value)
    {
        if (_state is { } state)
        {
            return state.TryGet(key, out value);
        }

        value = default;
        return false;
    }

    /// <summary>A copy of every key and value now.</summary>
    public IReadOnlyDictionary<string, TValue> Snapshot() => _state?.Snapshot() ?? new Dictionary<string, TValue>();

    /// <summary>Stops the consume loop and closes the consumer (nothing to commit).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped before it ran.
        }

        _consumer?.Dispose();
        _caughtUp.TrySetCanceled();
        _stopping.Dispose();
    }

    private ConsumerConfig ConsumerConfig()
    {
        var overrides = new Dictionary<string, string>(_options.ConsumerOverrides, StringComparer.Ordinal);
        overrides.TryAdd("enable.partition.eof", "true");
        return ConsumerDefaults.Build(new ConsumerSettings
        {
            BootstrapServers = _options.BootstrapServers,
            // Never joined nor committed (partitions are assigned), but librdkafka wants one.
            GroupId = $"{_options.ClientId}-{_options.Topic}-{Guid.NewGuid():N}",
            ClientId = _options.ClientId,
            StartFromEarliest = true,
            Overrides = overrides,
        });
    }

    private void ConsumeLoop(CancellationToken token)
    {
        var consumer = _consumer!;
        var state = _state!;
        try
        {
            while (!token.IsCancellationRequested)
            {
                ConsumeResult<byte[]?, byte[]?>? result;
                try
                {
                    result = consumer.Consume(PollTimeout);
                }
                catch (ConsumeException ex) when (!ex.Error.IsFatal)
                {
                    // librdkafka retries by itself (a broker away, a leader moving); the table keeps reading.
                    _logger.LogWarning("Table {Topic}: {Reason}", _options.Topic, ex.Error.Reason);
                    continue;
                }

                if (result is null)
                {
                    continue;
                }

                var partition = result.Partition.Value;
                if (result.IsPartitionEOF)
                {
                    MarkCaughtUpIf(state.ReachedEnd(partition, result.Offset.Value));
                    continue;
                }

                var skippedBefore = state.Skipped;
                var change = state.Apply(partition, result.Offset.Value, result.Message.Key, result.Message.Value);
                if (state.Skipped != skippedBefore)
                {
                    _logger.LogWarning(state.LastError, "Table {Topic}: skipped the record at {Partition}@{Offset} (no key or undecodable value)", _options.Topic, partition, result.Offset.Value);
                }

                if (change is { } applied && IsCaughtUp)
                {
                    Raise(applied);
                }

                MarkCaughtUpIf(state.IsCaughtUp);
            }
        }
        catch (Exception ex) when (ex is KafkaException or InvalidOperationException)
        {
            // Fatal: the table stops following the topic. Waiters see the failure; Failure says it.
            _logger.LogError(ex, "Table {Topic}: the consume loop stopped", _options.Topic);
            Failure = ex;
            _caughtUp.TrySetException(ex);
        }
    }

    private void MarkCaughtUpIf(bool caughtUp)
    {
        if (caughtUp && _caughtUp.TrySetResult())
        {
            _logger.LogInformation("Table {Topic}: caught up with {Count} key(s)", _options.Topic, Count);
        }
    }

    private void Raise(KafkaTableChange<TValue> change)
    {
        try
        {
            Changed?.Invoke(change);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Table {Topic}: a change handler failed for key {Key}", _options.Topic, change.Key);
        }
    }
}
