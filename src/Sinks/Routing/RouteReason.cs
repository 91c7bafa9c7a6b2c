namespace MetricStream.Sinks.Routing;

/// <summary>
/// Why a routing strategy chose a target; counted per (strategy, target, reason) in
/// <see cref="InfluxDB.InfluxSink.Snapshot"/>. The metric label of each value is <see cref="RouteReasons.Label"/>.
/// </summary>
public enum RouteReason
{
    /// <summary>The tenant's usual (home) target, or the only one (label <c>primary</c>).</summary>
    Primary,

    /// <summary>Another target, because the usual one is unavailable (breaker open) (label <c>failover</c>).</summary>
    Failover,

    /// <summary>The target with the least measured load among the available ones (label <c>least-loaded</c>).</summary>
    LeastLoaded,
}

/// <summary>Metric labels of <see cref="RouteReason"/>.</summary>
public static class RouteReasons
{
    /// <summary>Every reason, in enum order.</summary>
    public static IReadOnlyList<RouteReason> All { get; } = [RouteReason.Primary, RouteReason.Failover, RouteReason.LeastLoaded];

    /// <summary>The label: <c>primary</c>, <c>failover</c> or <c>least-loaded</c>.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The lower-case label.</returns>
    public static string Label(RouteReason reason) => reason switch
    {
        RouteReason.Failover => "failover",
        RouteReason.LeastLoaded => "least-loaded",
        _ => "primary",
    };
}
