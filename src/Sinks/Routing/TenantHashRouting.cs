namespace MetricStream.Sinks.Routing;

/// <summary>
/// <c>tenant-hash</c>: a tenant always goes to the same target (a stable FNV-1a hash of its name, modulo
/// the number of targets), so its series live on one server; when that target is unavailable, the next
/// available one in list order takes its points until it recovers.
/// </summary>
public sealed class TenantHashRouting : IInfluxRoutingStrategy
{
    /// <summary>The registered name.</summary>
    public const string Name = "tenant-hash";

    /// <inheritdoc />
    public RouteDecision Choose(string tenant, IReadOnlyList<InfluxTargetState> targets)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 1)
        {
            // The only target is home whatever its state (the common single-server case, asked per line).
            return new RouteDecision(0, RouteReason.Primary);
        }

        var home = (int)(StableHash(tenant) % (uint)targets.Count);
        for (var step = 0; step < targets.Count; step++)
        {
            var candidate = (home + step) % targets.Count;
            if (targets[candidate].IsAvailable)
            {
                return new RouteDecision(candidate, step > 0 ? RouteReason.Failover : RouteReason.Primary);
            }
        }

        return new RouteDecision(home, RouteReason.Primary);
    }

    /// <summary>FNV-1a over the UTF-16 code units: the same on every process and machine.</summary>
    public static uint StableHash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
