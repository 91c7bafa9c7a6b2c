namespace MetricStream.Sinks.Routing;

/// <summary>
/// <c>least-loaded</c>: each point goes to the available target with the least measured load, scored as
/// (requests in flight + 1) x mean latency (EWMA, at least 1 ms). Spreads load when targets are replicas
/// (e.g. behind InfluxDB Enterprise or a relay that replicates); a tenant's series may land on any target.
/// Ties go to the first in list order. When none is available, the first target is returned. Every decision
/// has reason <see cref="RouteReason.LeastLoaded"/>.
/// </summary>
public sealed class LeastLoadedRouting : IInfluxRoutingStrategy
{
    /// <summary>The registered name.</summary>
    public const string Name = "least-loaded";

    private static readonly long MinLatencyTicks = TimeSpan.FromMilliseconds(1).Ticks;

    /// <inheritdoc />
    public RouteDecision Choose(string tenant, IReadOnlyList<InfluxTargetState> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var best = -1;
        var bestScore = double.MaxValue;
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            if (!target.IsAvailable)
            {
                continue;
            }

            var score = (target.InFlightRequests + 1) * (double)Math.Max(target.LatencyEwma.Ticks, MinLatencyTicks);
            if (score < bestScore)
            {
                best = i;
                bestScore = score;
            }
        }

        return new RouteDecision(Math.Max(best, 0), RouteReason.LeastLoaded);
    }
}
