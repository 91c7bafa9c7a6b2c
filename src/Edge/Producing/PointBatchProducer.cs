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
    private readonly TimeProvider _time;
    private readonly TimeSpan _ackTimeout;
    private readonly TimeSpan _stallTimeout;
    private readonly Action<Task> _onDelivered;
    private long _lastAck;
    private readonly EdgeMetrics _metrics;
    private readonly ILogger _logger;

    /// <summary>Creates the producer wrapper.</summary>
    /// <param name="producer">The durable producer (acks=all, idempotent).</param>
    /// <param name="topic">The output topic.</param>
    /// <param name="schemaId">Registry id of <c>point-batch.avsc</c> under the topic's value subject.</param>
    /// <param name="breaker">Opened on failures; its token ends waits early.</param>
    /// <param name="time">The clock.</param>
    /// <param name="ackTimeout">The longest wait for acknowledgements.</param>
    /// <param name="stallTimeout">The longest wait while no acknowledgement at all arrives (see <see cref="EdgeOptions.StallTimeout"/>).</param>
    /// <param name="metrics">Where to count records and produce latency.</param>
    /// <param name="logger">Logs failures.</param>
    public PointBatchProducer(DurableProducer producer, string topic, int schemaId, KafkaCircuitBreaker breaker, TimeProvider time, TimeSpan ackTimeout, TimeSpan stallTimeout, EdgeMetrics metrics, ILogger logger)
    {
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
        _time = time;
        _ackTimeout = ackTimeout;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>
    /// Produces every non-empty batch of <paramref name="sink"/> and waits for every acknowledgement, at most
    /// the acknowledgement timeout and only while the circuit breaker stays closed.
    /// </summary>
    /// <param name="sink">The request's points by partition.</param>
    /// <param name="cancellationToken">The request's abort token.</param>
    /// <returns>How it ended.</returns>
    public async Task<ProduceOutcome> ProduceAsync(PartitionedPointSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var started = _time.GetTimestamp();
        var openToken = _breaker.OpenToken;
        var deliveries = new List<Task<DeliveryResult<byte[]?, byte[]>>>(sink.PartitionCount);
        try
        {
            for (var p = 0; p < sink.PartitionCount; p++)
            {
                var batch = sink.Batch(p);
                if (batch.Count == 0)
                {
                    continue;
                }

                var message = new Message<byte[]?, byte[]> { Key = sink.RecordKey(p), Value = Encode(batch) };
                var delivery = _producer.ProduceAsync(new TopicPartition(_topic, p), message, CancellationToken.None);
                _ = delivery.ContinueWith(_onDelivered, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                deliveries.Add(delivery);
            }
        }
        catch (Exception ex) when (ex is KafkaUnavailableException or KafkaBackpressureException)
        {
            Observe(deliveries);
            return ex is KafkaUnavailableException ? ProduceOutcome.Unavailable : ProduceOutcome.Backpressure;
        }

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
                    _breaker.Trip($"no acknowledgement from Kafka within {_ackTimeout}");
                    return ProduceOutcome.Failed;
                }

                try
                {
                    var slice = _ackTimeout - waited < _stallTimeout ? _ackTimeout - waited : _stallTimeout;
                    await all.WaitAsync(slice, _time, linked.Token).ConfigureAwait(false);
                    break;
                }
                catch (TimeoutException) when (_time.GetElapsedTime(Interlocked.Read(ref _lastAck)) >= _stallTimeout)
                {
                    // Nothing at all was acknowledged for a stall timeout: Kafka is not making progress.
                    Observe([all]);
                    _breaker.Trip($"Kafka acknowledged nothing for {_stallTimeout}");
                    return ProduceOutcome.Unavailable;
                }
                catch (TimeoutException)
                {
                    // Other records are being acknowledged: Kafka is slow, not gone. Keep waiting.
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
            _breaker.Trip(ex.Error.Reason);
            return ProduceOutcome.Failed;
        }
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
