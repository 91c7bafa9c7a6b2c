using MetricStream.Observability.Metrics;

namespace MetricStream.Edge.Spool;

/// <summary>
/// The spool's metrics: gauges <c>edge_spool_bytes</c>, <c>edge_spool_max_bytes</c>, <c>edge_spool_pending_records</c>,
/// <c>edge_spool_pending_requests</c>; counters <c>edge_spool_appended_records_total</c>,
/// <c>edge_spool_replayed_records_total</c>, <c>edge_spool_replay_failures_total</c>, <c>edge_spool_full_total</c>.
/// </summary>
public sealed class SpoolMetrics
{
    /// <summary>Registers the spool's metrics for <paramref name="log"/>.</summary>
    /// <param name="registry">Where to register.</param>
    /// <param name="log">The spool.</param>
    public SpoolMetrics(MetricsRegistry registry, SpoolLog log)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(log);
        registry.Gauge("edge_spool_bytes", "Bytes of spool segment files on disk.", () => log.SizeBytes);
        registry.Gauge("edge_spool_max_bytes", "The spool's size bound; a request that does not fit is answered 503.", () => log.MaxBytes);
        registry.Gauge("edge_spool_pending_records", "Kafka records in the spool not yet acknowledged by Kafka.", () => log.PendingRecords);
        registry.Gauge("edge_spool_pending_requests", "Spooled requests not yet wholly acknowledged by Kafka.", () => log.PendingEntries);
        Appended = registry.Counter("edge_spool_appended_records_total", "Kafka records written to the spool (fsync'd before the 2xx).");
        Replayed = registry.Counter("edge_spool_replayed_records_total", "Spooled records replayed and acknowledged by Kafka.");
        ReplayFailures = registry.Counter("edge_spool_replay_failures_total", "Replay attempts that failed and restarted from the first unacknowledged request.");
        Full = registry.Counter("edge_spool_full_total", "Requests answered 503 because the spool was full.");
    }

    /// <summary><c>edge_spool_appended_records_total</c>.</summary>
    public Counter Appended { get; }

    /// <summary><c>edge_spool_replayed_records_total</c>.</summary>
    public Counter Replayed { get; }

    /// <summary><c>edge_spool_replay_failures_total</c>.</summary>
    public Counter ReplayFailures { get; }

    /// <summary><c>edge_spool_full_total</c>.</summary>
    public Counter Full { get; }
}
