using MetricStream.Observability.Metrics;
using MetricStream.Sinks.InfluxDB;

namespace MetricStream.Host.Admin.Metrics;

/// <summary>
/// Writes the <c>metricstream_sink_influx_*</c> families from one <see cref="InfluxSinkSnapshot"/> per scrape; the
/// families' headers are written even when the process has no InfluxDB sink.
/// </summary>
internal static class SinkMetricsCollector
{
    private const string Prefix = "metricstream_sink_influx_";

    private static readonly (string Name, string Help, MetricType Type, Func<InfluxTargetSnapshot, double> Read)[] TargetFigures =
    [
        ("requests_total", "Write requests completed (any answer or error), by target.", MetricType.Counter, t => t.Requests),
        ("lines_written_total", "Lines InfluxDB answered 2xx for, by target.", MetricType.Counter, t => t.LinesWritten),
        ("failed_requests_total", "Write requests that failed (5xx, 429, timeouts, connection errors), by target.", MetricType.Counter, t => t.FailedRequests),
        ("retries_total", "Write requests retried after a failure, by target.", MetricType.Counter, t => t.Retries),
        ("rejected_requests_total", "Write requests InfluxDB answered 400 or 413 (their batches were split), by target.", MetricType.Counter, t => t.RejectedRequests),
        ("bytes_sent_total", "Request body bytes sent (after gzip), by target.", MetricType.Counter, t => t.BytesSent),
        ("batches_rerouted_total", "Batches moved away from a target because its circuit breaker opened.", MetricType.Counter, t => t.BatchesReroutedAway),
        ("in_flight", "Write requests in flight now, by target.", MetricType.Gauge, t => t.InFlight),
        ("latency_ewma_seconds", "Exponentially weighted mean request latency, by target (what least-loaded routing compares).", MetricType.Gauge, t => t.LatencyEwma.TotalSeconds),
    ];

    /// <summary>Writes every family.</summary>
    /// <param name="writer">The scrape.</param>
    /// <param name="snapshot">The sink's figures now, or null when the process has no InfluxDB sink.</param>
    public static void Write(MetricsWriter writer, InfluxSinkSnapshot? snapshot)
    {
        var targets = snapshot?.Targets ?? [];
        foreach (var (name, help, type, read) in TargetFigures)
        {
            if (writer.Family(Prefix + name, help, type))
            {
                foreach (var target in targets)
                {
                    writer.Sample(read(target), ("target", target.Name));
                }
            }
        }

        if (writer.Family(Prefix + "circuit_state", "1 for the circuit breaker state a target is in now (closed, open, half_open), 0 for the others.", MetricType.Gauge))
        {
            foreach (var target in targets)
            {
                writer.Sample(target.Circuit == InfluxCircuitState.Closed ? 1 : 0, ("target", target.Name), ("state", "closed"));
                writer.Sample(target.Circuit == InfluxCircuitState.Open ? 1 : 0, ("target", target.Name), ("state", "open"));
                writer.Sample(target.Circuit == InfluxCircuitState.HalfOpen ? 1 : 0, ("target", target.Name), ("state", "half_open"));
            }
        }

        if (writer.Family(Prefix + "request_duration_seconds", "Write request latency, by target.", MetricType.Histogram))
        {
            foreach (var target in targets.Where(t => t.LatencyBuckets.Count > 0))
            {
                WriteLatency(writer, target);
            }
        }

        if (writer.Family(Prefix + "route_decisions_total", "Points the routing strategy sent to a target, by strategy, target and reason (primary, failover, least-loaded).", MetricType.Counter))
        {
            foreach (var decision in snapshot?.RouteDecisions ?? [])
            {
                writer.Sample(decision.Count, ("strategy", decision.Strategy), ("target", decision.Target), ("reason", decision.ReasonLabel));
            }
        }

        Single(writer, "lines_accepted_total", "Lines formatted and queued for writing.", MetricType.Counter, snapshot?.LinesAccepted);
        Single(writer, "lines_pending", "Lines queued or in flight now.", MetricType.Gauge, snapshot?.LinesPending);
        Single(writer, "dead_letters_total", "Lines sent to the dead-letter topic because InfluxDB answered 400 for them.", MetricType.Counter, snapshot?.DeadLettered);
        Single(writer, "unwritable_records_total", "Records that could not be written as line protocol (dead-lettered).", MetricType.Counter, snapshot?.Unwritable);
    }

    // The snapshot's buckets are cumulative; the writer takes per-bucket counts.
    private static void WriteLatency(MetricsWriter writer, InfluxTargetSnapshot target)
    {
        var bounds = target.LatencyBuckets.Select(b => b.UpperBound.TotalSeconds).ToList();
        var counts = new long[bounds.Count + 1];
        long previous = 0;
        for (var i = 0; i < bounds.Count; i++)
        {
            counts[i] = Math.Max(0, target.LatencyBuckets[i].Count - previous);
            previous = Math.Max(previous, target.LatencyBuckets[i].Count);
        }

        counts[^1] = Math.Max(0, target.LatencyCount - previous);
        writer.Histogram(bounds, counts, target.LatencyTotal.TotalSeconds, ("target", target.Name));
    }

    private static void Single(MetricsWriter writer, string name, string help, MetricType type, long? value)
    {
        if (writer.Family(Prefix + name, help, type) && value is { } v)
        {
            writer.Sample(v);
        }
    }
}
