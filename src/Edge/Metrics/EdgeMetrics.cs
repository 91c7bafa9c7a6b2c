using MetricStream.Observability.Metrics;

namespace MetricStream.Edge.Metrics;

/// <summary>
/// The edge's metrics, exposed at <c>GET /metrics</c>:
/// <list type="bullet">
/// <item><c>edge_http_requests_total{endpoint,status}</c>: requests answered, by route and HTTP status.</item>
/// <item><c>edge_points_accepted_total{tenant}</c>: points acknowledged by Kafka.</item>
/// <item><c>edge_points_rejected_total{tenant}</c>: items refused as invalid (listed in 400 responses).</item>
/// <item><c>edge_points_throttled_total{tenant}</c>: valid points refused by an admission policy (429).</item>
/// <item><c>edge_kafka_records_total</c>: batch records acknowledged by Kafka.</item>
/// <item><c>edge_produce_duration_seconds</c>: from producing a request's records to the last acknowledgement.</item>
/// <item><c>edge_write_duration_seconds</c>: a write request's whole handling, authentication to answer.</item>
/// <item><c>edge_circuit_trips_total{reason}</c>: times the edge opened the circuit breaker (<c>stall</c>, <c>ack_timeout</c>, <c>delivery_failed</c>).</item>
/// <item><c>edge_kafka_stall_probes_total{verdict}</c>: broker probes after a stall (<c>reachable</c>: kept waiting; <c>unreachable</c>: tripped).</item>
/// <item><c>edge_kafka_available</c>, <c>edge_circuit_open</c>, <c>edge_inflight_requests</c>,
/// <c>edge_producer_queue_full_waits</c>: gauges.</item>
/// </list>
/// </summary>
public sealed class EdgeMetrics
{
    /// <summary>Creates the edge metrics in <paramref name="registry"/>.</summary>
    /// <param name="registry">Where to register them.</param>
    public EdgeMetrics(MetricsRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Registry = registry;
        Requests = registry.Counter("edge_http_requests_total", "HTTP requests answered, by endpoint and status code.", "endpoint", "status");
        PointsAccepted = registry.Counter("edge_points_accepted_total", "Points acknowledged by Kafka, by tenant.", "tenant");
        PointsRejected = registry.Counter("edge_points_rejected_total", "Items rejected as invalid, by tenant.", "tenant");
        PointsThrottled = registry.Counter("edge_points_throttled_total", "Valid points refused by an admission policy (HTTP 429), by tenant.", "tenant");
        Records = registry.Counter("edge_kafka_records_total", "Batch records acknowledged by Kafka.");
        CircuitTrips = registry.Counter("edge_circuit_trips_total", "Times the edge opened the Kafka circuit breaker, by reason (stall, ack_timeout, delivery_failed).", "reason");
        StallProbes = registry.Counter("edge_kafka_stall_probes_total", "Broker probes after nothing was acknowledged for the stall timeout, by verdict (reachable: kept waiting; unreachable: breaker opened).", "verdict");
        ProduceDuration = registry.Histogram(
            "edge_produce_duration_seconds",
            "Time from producing a request's records to Kafka's last acknowledgement.",
            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10);
        WriteDuration = registry.Histogram(
            "edge_write_duration_seconds",
            "Time a write request spends in the edge's handler, from authentication to the answer.",
            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10);
    }

    /// <summary>The registry holding these metrics.</summary>
    public MetricsRegistry Registry { get; }

    /// <summary><c>edge_http_requests_total{endpoint,status}</c>.</summary>
    public Counter Requests { get; }

    /// <summary><c>edge_points_accepted_total{tenant}</c>.</summary>
    public Counter PointsAccepted { get; }

    /// <summary><c>edge_points_rejected_total{tenant}</c>.</summary>
    public Counter PointsRejected { get; }

    /// <summary><c>edge_points_throttled_total{tenant}</c>.</summary>
    public Counter PointsThrottled { get; }

    /// <summary><c>edge_kafka_records_total</c>.</summary>
    public Counter Records { get; }

    /// <summary><c>edge_circuit_trips_total{reason}</c>.</summary>
    public Counter CircuitTrips { get; }

    /// <summary><c>edge_kafka_stall_probes_total{verdict}</c>.</summary>
    public Counter StallProbes { get; }

    /// <summary><c>edge_produce_duration_seconds</c>.</summary>
    public Histogram ProduceDuration { get; }

    /// <summary><c>edge_write_duration_seconds</c>.</summary>
    public Histogram WriteDuration { get; }
}
