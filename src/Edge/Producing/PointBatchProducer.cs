using System.Buffers;
using Confluent.Kafka;
using MetricStream.Avro.Records;
using MetricStream.Edge.Metrics;
using MetricStream.Kafka.Producing;
using MetricStream.SchemaRegistry.WireFormat;
using Microsoft.Extensions.Logging;

namespace MetricStream.Edge.Producing;

/// <summary>
/// Encodes a request's per-partition <see cref="PointBatch"/>es (Confluent wire format: magic byte, schema
/// id, Avro binary of <c>point-batch.avsc</c>) and produces each to its partition explicitly, keyed by the
/// series key of its first point, then waits until Kafka acknowledged every record. Thread-safe.
/// </summary>
public sealed class PointBatchProducer
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    private readonly DurableProducer _producer;
    private readonly string _topic;
    private readonly int _schemaId;
    private readonly KafkaCircuitBreaker _breaker;
    private readonly IBrokerProbe _probe;
    private readonly TimeProvider _time;
    private readonly TimeSpan _ackTimeout;
    private readonly TimeSpan _stallTimeout;
    private readonly Action<Task> _onDelivered;
    private readonly EdgeMetrics _metrics;
    private readonly ILogger _logger;
    private long _lastAck;

    /// <summary>Creates the producer wrapper.</summary>
    /// <param name="producer">The durable producer (acks=all, idempotent).</param>
    /// <param name="topic">The output topic.</param>
    /// <param name="schemaId">Registry id of <c>point-batch.avsc</c> under the topic's value subject.</param>
    /// <param name="breaker">Opened on failures; its token ends waits early.</param>
    /// <param name="probe">Asked, when nothing has been acknowledged for the stall timeout, whether any broker is still reachable.</param>
    /// <param name="time">The clock.</param>
    /// <param name="ackTimeout">The longest wait for acknowledgements.</param>
    /// <param name="stallTimeout">How long without any acknowledgement before the brokers are probed (see <see cref="EdgeOptions.StallTimeout"/>).</param>
    /// <param name="metrics">Where to count records, trips and produce latency.</param>
    /// <param name="logger">Logs failures.</param>
    public PointBatchProducer(DurableProducer producer, string topic, int schemaId, KafkaCircuitBreaker breaker, IBrokerProbe probe, TimeProvider time, TimeSpan ackTimeout, TimeSpan stallTimeout, EdgeMetrics metrics, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(time);
        _stallTimeout = stallTimeout;
        _lastAck = time.GetTimestamp();
        _onDelivered = task =>
        {
            if (task.IsCompletedSuccessfully)
            {
                Interlocked.Exchange(ref _lastAck, time.GetTimestamp());
            }
        };
        _producer = producer;
        _topic = topic;
        _schemaId = schemaId;
        _breaker = breaker;
        _probe = probe;
        _time = time;
        _ackTimeout = ackTimeout;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>The output topic.</summary>
    public string Topic => _topic;

    /// <summary>Encodes every non-empty batch of <paramref name="sink"/> into its record.</summary>
    /// <param name="sink">The request's points by partition.</param>
    /// <returns>One record per non-empty partition batch, in partition order.</returns>
    public IReadOnlyList<EncodedRecord> Encode(PartitionedPointSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var records = new List<EncodedRecord>(sink.PartitionCount);
        for (var p = 0; p < sink.PartitionCount; p++)
        {
            var batch = sink.Batch(p);
            if (batch.Count > 0)
            {
                records.Add(new EncodedRecord(p, sink.RecordKey(p), Encode(batch)));
            }
        }

        return records;
    }

    /// <summary>Encodes and produces the batches of <paramref name="sink"/>; see <see cref="ProduceAsync(IReadOnlyList{EncodedRecord}, CancellationToken)"/>.</summary>
    /// <param name="sink">The request's points by partition.</param>
    /// <param name="cancellationToken">The request's abort token.</param>
    /// <returns>How it ended.</returns>
    public Task<ProduceOutcome> ProduceAsync(PartitionedPointSink sink, CancellationToken cancellationToken) =>
        ProduceAsync(Encode(sink), cancellationToken);

    /// <summary>
    /// Produces <paramref name="records"/> and waits for every acknowledgement, at most the acknowledgement
    /// timeout and only while the circuit breaker stays closed. When nothing at all (of any request) has been
    /// acknowledged for the stall timeout, the brokers are probed: only when none is reachable does the
    /// request end (503) and the breaker open; a slow broker, a cold producer's first round trips or an
    /// overloaded machine keep being waited for.
    /// </summary>
    /// <param name="records">The request's records.</param>
    /// <param name="cancellationToken">The request's abort token.</param>
    /// <returns>How it ended; <see cref="ProduceOutcome.NotSent"/> when the producer refused the first record.</returns>
    public async Task<ProduceOutcome> ProduceAsync(IReadOnlyList<EncodedRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var started = _time.GetTimestamp();
        var openToken = _breaker.OpenToken;
        var deliveries = new List<Task<DeliveryResult<byte[]?, byte[]>>>(records.Count);
        try
        {
            foreach (var record in records)
            {
                var message = new Message<byte[]?, byte[]> { Key = record.Key, Value = record.Value };
                var delivery = _producer.ProduceAsync(new TopicPartition(_topic, record.Partition), message, CancellationToken.None);
                if (deliveries.Count == 0 && delivery is { IsFaulted: true, Exception.InnerException: KafkaUnavailableException })
                {
                    return ProduceOutcome.NotSent;
                }

                _ = delivery.ContinueWith(_onDelivered, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                deliveries.Add(delivery);
            }
        }
        catch (Exception ex) when (ex is KafkaUnavailableException or KafkaBackpressureException)
        {
            Observe(deliveries);
            return ex is KafkaBackpressureException ? ProduceOutcome.Backpressure : deliveries.Count == 0 ? ProduceOutcome.NotSent : ProduceOutcome.Unavailable;
        }

        return await WaitAsync(deliveries, started, openToken, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ProduceOutcome> WaitAsync(List<Task<DeliveryResult<byte[]?, byte[]>>> deliveries, long started, CancellationToken openToken, CancellationToken cancellationToken)
    {
        var all = Task.WhenAll(deliveries);
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(openToken, cancellationToken);
            while (true)
            {
                var waited = _time.GetElapsedTime(started);
                if (waited >= _ackTimeout)
                {
                    Observe([all]);
                    Trip("ack_timeout", $"no acknowledgement from Kafka within {_ackTimeout}");
                    return ProduceOutcome.Failed;
                }

                try
                {
                    var slice = _ackTimeout - waited < _stallTimeout ? _ackTimeout - waited : _stallTimeout;
                    await all.WaitAsync(slice, _time, linked.Token).ConfigureAwait(false);
                    break;
                }
                catch (TimeoutException)
                {
                    // Not yet; decide below whether Kafka is slow or gone.
                }

                if (_time.GetElapsedTime(Interlocked.Read(ref _lastAck)) < _stallTimeout)
                {
                    continue; // Other records are being acknowledged: Kafka is slow, not gone.
                }

                var reachable = await _probe.AnyReachableAsync(linked.Token).ConfigureAwait(false);
                _metrics.StallProbes.Add(1, reachable ? "reachable" : "unreachable");
                if (!reachable)
                {
                    Observe([all]);
                    Trip("stall", $"Kafka acknowledged nothing for {_stallTimeout} and no broker accepts connections");
                    return ProduceOutcome.Unavailable;
                }
            }

            _metrics.Records.Add(deliveries.Count);
            _metrics.ProduceDuration.Observe(_time.GetElapsedTime(started).TotalSeconds);
            return ProduceOutcome.Acknowledged;
        }
        catch (OperationCanceledException) when (openToken.IsCancellationRequested)
        {
            Observe([all]);
            return ProduceOutcome.Unavailable;
        }
        catch (KafkaUnavailableException)
        {
            return ProduceOutcome.Unavailable;
        }
        catch (KafkaBackpressureException)
        {
            return ProduceOutcome.Backpressure;
        }
        catch (KafkaException ex)
        {
            _logger.LogWarning(ex, "A record of the request was not acknowledged: {Reason}", ex.Error.Reason);
            Trip("delivery_failed", ex.Error.Reason);
            return ProduceOutcome.Failed;
        }
    }

    private void Trip(string kind, string reason)
    {
        _metrics.CircuitTrips.Add(1, kind);
        _breaker.Trip(reason);
    }

    private byte[] Encode(PointBatch batch)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(64 * 1024);
        buffer.ResetWrittenCount();
        ConfluentWireFormat.WriteHeader(buffer, _schemaId);
        PointBatchCodec.Write(buffer, batch);
        var value = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 4 * 1024 * 1024)
        {
            // One huge request must not pin a huge buffer to a thread forever.
            _buffer = null;
        }

        return value;
    }

    /// <summary>Deliveries nobody awaits any more still complete; observe their failures so none goes unobserved.</summary>
    private static void Observe(IEnumerable<Task> tasks)
    {
        foreach (var task in tasks)
        {
            _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
