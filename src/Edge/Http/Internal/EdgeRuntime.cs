using System.Collections.Concurrent;
using MetricStream.Edge.Admission;
using MetricStream.Edge.LineProtocol;
using MetricStream.Edge.Metrics;
using MetricStream.Edge.Producing;
using MetricStream.Edge.Producing.Internal;
using MetricStream.Edge.Spool;
using MetricStream.Edge.Tenants;
using MetricStream.Edge.Validation;
using Microsoft.Extensions.Logging;

namespace MetricStream.Edge.Http.Internal;

/// <summary>Everything a request handler needs, made once at start. Thread-safe (each part is).</summary>
internal sealed class EdgeRuntime
{
    private const int MaxPooledSinks = 64;
    private readonly ConcurrentBag<PartitionedPointSink> _sinks = [];
    private volatile bool _draining;
    private int _inflight;

    public required EdgeOptions Options { get; init; }

    public required KeyStore Keys { get; init; }

    public required TenantPolicyStore Policies { get; init; }

    public required PointValidator Validator { get; init; }

    public required LineProtocolParser LineProtocol { get; init; }

    public required PointBatchProducer Producer { get; init; }

    public required KafkaCircuitBreaker Breaker { get; init; }

    public required TopicPartitionCount Partitions { get; init; }

    public required EdgeMetrics Metrics { get; init; }

    /// <summary>The durable spool, or null when not configured.</summary>
    public SpoolLog? Spool { get; init; }

    /// <summary>The spool's metrics, when there is a spool.</summary>
    public SpoolMetrics? SpoolMetrics { get; init; }

    public required TimeProvider Time { get; init; }

    public required ILogger Logger { get; init; }

    public bool Draining => _draining;

    public int Inflight => Volatile.Read(ref _inflight);

    public void StartDraining() => _draining = true;

    public void Enter() => Interlocked.Increment(ref _inflight);

    public void Exit() => Interlocked.Decrement(ref _inflight);

    public PartitionedPointSink RentSink() => _sinks.TryTake(out var sink) ? sink : new PartitionedPointSink(Validator);

    public void ReturnSink(PartitionedPointSink sink)
    {
        // A sink that carried a huge request keeps its points for reuse; do not pool those.
        if (sink.Accepted < 100_000 && _sinks.Count < MaxPooledSinks)
        {
            _sinks.Add(sink);
        }
    }
}
