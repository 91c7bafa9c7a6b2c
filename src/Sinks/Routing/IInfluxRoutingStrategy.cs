namespace MetricStream.Sinks.Routing;

/// <summary>
/// Picks the InfluxDB target a tenant's points go to. Called on the writing thread for every point and
/// again for a batch whose target became unavailable, so it must be cheap and thread-safe.
/// Register implementations by name in <see cref="InfluxRoutingRegistry"/>.
/// </summary>
public interface IInfluxRoutingStrategy
{
    /// <summary>
    /// The target for <paramref name="tenant"/>. Should prefer available targets
    /// (<see cref="InfluxTargetState.IsAvailable"/>); when none is, return the target the tenant would
    /// normally use (the sink then waits for it to recover).
    /// </summary>
    RouteDecision Choose(string tenant, IReadOnlyList<InfluxTargetState> targets);
}

/// <summary>A routing decision.</summary>
/// <param name="Target">Index of the chosen target.</param>
/// <param name="Reason">Why that target: it is the tenant's usual one, a failover, or the least loaded.</param>
public readonly record struct RouteDecision(int Target, RouteReason Reason)
{
    /// <summary>True when the tenant's usual target was passed over because it is unavailable.</summary>
    public bool Failover => Reason == RouteReason.Failover;
}
