using Confluent.Kafka;
using MetricStream.Edge.Producing;
using MetricStream.Kafka.Producing;
using Microsoft.Extensions.Logging;

namespace MetricStream.Edge.Spool.Internal;

/// <summary>
/// Replays the spool into Kafka in append order while the circuit breaker is closed: reads entries from the
/// first unacknowledged one, produces their records (up to <see cref="Window"/> entries in flight; the
/// idempotent producer keeps them in order per partition) and acknowledges entries to the log strictly in
/// order as Kafka acknowledges them. On a failure it waits for what is in flight, goes back to the first
/// unacknowledged entry and starts again once Kafka is available (records acknowledged after the failed one
/// may then be produced twice: at-least-once, like any retry).
/// </summary>
/// <remarks>One background loop; <see cref="StopAsync"/> ends it after the entries in flight are settled.</remarks>
internal sealed class SpoolReplayer : IAsyncDisposable
{
    private const int Window = 256;
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Backoff = TimeSpan.FromMilliseconds(500);
    private readonly SpoolLog _log;
    private readonly DurableProducer _producer;
    private readonly string _topic;
    private readonly KafkaCircuitBreaker _breaker;
    private readonly SpoolMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _appended = new(0);
    private Task _loop = Task.CompletedTask;

    public SpoolReplayer(SpoolLog log, DurableProducer producer, string topic, KafkaCircuitBreaker breaker, SpoolMetrics metrics, TimeProvider time, ILogger logger)
    {
        _log = log;
        _producer = producer;
        _topic = topic;
        _breaker = breaker;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        log.EntryAppended += Wake;
    }

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    public async Task StopAsync()
    {
        _log.EntryAppended -= Wake;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
        _appended.Dispose();
    }

    private void Wake()
    {
        if (_appended.CurrentCount == 0)
        {
            _appended.Release();
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (_log.IsEmpty || _breaker.IsOpen)
                {
                    await _appended.WaitAsync(Idle, stop).ConfigureAwait(false);
                    continue;
                }

                if (!await ReplayAsync(stop).ConfigureAwait(false))
                {
                    await Task.Delay(Backoff, _time, stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException)
            {
                _logger.LogError(ex, "Spool replay failed reading the spool; retrying");
                await Task.Delay(Backoff, _time, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Replays from the first unacknowledged entry until the log has no more; false after a failure.</summary>
    private async Task<bool> ReplayAsync(CancellationToken stop)
    {
        var position = _log.Acknowledged;
        var inFlight = new Queue<(Task Delivery, SpoolPosition Next, int Records)>();
        var failed = false;
        while (!failed)
        {
            var entry = default(SpoolEntry);
            var read = !stop.IsCancellationRequested && !_breaker.IsOpen && inFlight.Count < Window && _log.TryRead(position, out entry);
            if (read)
            {
                inFlight.Enqueue((Produce(entry.Records), entry.Next, entry.Records.Count));
                position = entry.Next;
                if (inFlight.Count < Window)
                {
                    continue;
                }
            }

            if (inFlight.Count == 0)
            {
                return true;
            }

            failed = !await SettleAsync(inFlight, all: !read).ConfigureAwait(false);
        }

        // Let everything still in flight finish before going back to the first unacknowledged entry.
        while (inFlight.Count > 0)
        {
            await inFlight.Dequeue().Delivery.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>Acknowledges completed entries from the head, in order (all of them when <paramref name="all"/>); false on a failed one.</summary>
    private async Task<bool> SettleAsync(Queue<(Task Delivery, SpoolPosition Next, int Records)> inFlight, bool all)
    {
        var entries = 0;
        var records = 0;
        SpoolPosition? upTo = null;
        var ok = true;
        try
        {
            await inFlight.Peek().Delivery.ConfigureAwait(false);
            while (inFlight.Count > 0 && (all || inFlight.Peek().Delivery.IsCompleted))
            {
                await inFlight.Peek().Delivery.ConfigureAwait(false);
                var (_, next, count) = inFlight.Dequeue();
                upTo = next;
                entries++;
                records += count;
            }
        }
        catch (Exception ex) when (ex is KafkaException or KafkaUnavailableException or KafkaBackpressureException)
        {
            _logger.LogWarning("Spool replay: a record was not acknowledged ({Reason}); resuming from the first unacknowledged entry", ex.Message);
            _metrics.ReplayFailures.Add(1);
            ok = false;
        }

        if (upTo is { } acknowledged)
        {
            _log.Acknowledge(acknowledged, entries, records);
            _metrics.Replayed.Add(records);
        }

        return ok;
    }

    private Task Produce(IReadOnlyList<EncodedRecord> records)
    {
        var deliveries = new Task[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            deliveries[i] = _producer.ProduceAsync(new TopicPartition(_topic, record.Partition), new Message<byte[]?, byte[]> { Key = record.Key, Value = record.Value }, CancellationToken.None);
        }

        return Task.WhenAll(deliveries);
    }
}
