namespace MetricStream.Sinks.InfluxDB;

/// <summary>State of a target's circuit breaker.</summary>
public enum InfluxCircuitState
{
    /// <summary>Requests flow.</summary>
    Closed,

    /// <summary>The target failed repeatedly: no requests until the open period ends.</summary>
    Open,

    /// <summary>The open period ended: one probe request decides between closed and open.</summary>
    HalfOpen,
}

/// <summary>The sink's counters at one moment (monotonic since start unless named otherwise), for /metrics.</summary>
/// <param name="Strategy">The routing strategy's name.</param>
/// <param name="Targets">Per-target counters, in target order.</param>
/// <param name="LinesAccepted">Lines formatted and queued for writing.</param>
/// <param name="LinesPending">Lines queued or in flight now (a gauge).</param>
/// <param name="DeadLettered">Lines sent to the dead-letter topic because InfluxDB answered 400 for them.</param>
/// <param name="Unwritable">Records that could not be written as line protocol (also dead-lettered).</param>
public sealed record InfluxSinkSnapshot(
    string Strategy,
    IReadOnlyList<InfluxTargetSnapshot> Targets,
    long LinesAccepted,
    long LinesPending,
    long DeadLettered,
    long Unwritable)
{
    /// <summary>
    /// Route decisions (one per point written) per (strategy, target, reason): every target x every
    /// <see cref="Routing.RouteReason"/>, zeros included, in target then reason order.
    /// </summary>
    public IReadOnlyList<InfluxRouteDecisionCount> RouteDecisions { get; init; } = [];
}

/// <summary>One target's counters.</summary>
/// <param name="Name">The target's name.</param>
/// <param name="Circuit">Its circuit breaker's state now.</param>
/// <param name="RouteDecisions">Points the routing strategy sent to this target.</param>
/// <param name="FailoverDecisions">Of those, points routed here because their usual target was unavailable.</param>
/// <param name="BatchesReroutedAway">Batches moved from this target to another because its breaker opened.</param>
/// <param name="Requests">Write requests completed (any answer or error).</param>
/// <param name="LinesWritten">Lines InfluxDB answered 2xx for.</param>
/// <param name="FailedRequests">Requests that failed (5xx, 429, timeouts, connection errors; not 400s).</param>
/// <param name="Retries">Requests retried after a failure.</param>
/// <param name="RejectedRequests">Requests InfluxDB answered 400 or 413 (their batches were split).</param>
/// <param name="InFlight">Requests in flight now (a gauge).</param>
/// <param name="LatencyTotal">Sum of request latencies (with <see cref="Requests"/>, the mean).</param>
/// <param name="LatencyEwma">Exponentially weighted mean latency.</param>
/// <remarks>
/// <see cref="RouteDecisions"/> and <see cref="FailoverDecisions"/> count points; the per-reason split is
/// <see cref="InfluxSinkSnapshot.RouteDecisions"/>.
/// </remarks>
public sealed record InfluxTargetSnapshot(
    string Name,
    InfluxCircuitState Circuit,
    long RouteDecisions,
    long FailoverDecisions,
    long BatchesReroutedAway,
    long Requests,
    long LinesWritten,
    long FailedRequests,
    long Retries,
    long RejectedRequests,
    int InFlight,
    TimeSpan LatencyTotal,
    TimeSpan LatencyEwma)
{
    /// <summary>Request body bytes sent (after gzip), whatever the answer.</summary>
    public long BytesSent { get; init; }

    /// <summary>
    /// Request latency histogram, cumulative (Prometheus <c>le</c> buckets): requests that took at most each
    /// <see cref="InfluxLatencyBucket.UpperBound"/>; the <c>+Inf</c> bucket is <see cref="LatencyCount"/>.
    /// </summary>
    public IReadOnlyList<InfluxLatencyBucket> LatencyBuckets { get; init; } = [];

    /// <summary>Requests the histogram counted (its <c>+Inf</c> bucket; <see cref="Requests"/> read at another instant).</summary>
    public long LatencyCount { get; init; }
}

/// <summary>One cumulative latency histogram bucket.</summary>
/// <param name="UpperBound">The bucket's upper bound (inclusive).</param>
/// <param name="Count">Requests that took at most <paramref name="UpperBound"/>.</param>
public readonly record struct InfluxLatencyBucket(TimeSpan UpperBound, long Count);

/// <summary>How many points a routing strategy sent to a target for one reason.</summary>
/// <param name="Strategy">The strategy's registered name (e.g. <c>tenant-hash</c>).</param>
/// <param name="Target">The target's name.</param>
/// <param name="Reason">Why: the tenant's usual target, a failover, or the least loaded.</param>
/// <param name="Count">Points (monotonic).</param>
public sealed record InfluxRouteDecisionCount(string Strategy, string Target, Routing.RouteReason Reason, long Count)
{
    /// <summary>The reason as a metric label: <c>primary</c>, <c>failover</c> or <c>least-loaded</c>.</summary>
    public string ReasonLabel => Routing.RouteReasons.Label(Reason);
}
