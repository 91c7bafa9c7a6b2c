namespace MetricStream.Sinks.Routing;

/// <summary>
/// The routing strategies a sink knows, by name (the <c>routing</c> setting of the sink configuration).
/// Register custom strategies before the sink starts; the registry is read-only afterwards (not thread-safe
/// for registration).
/// </summary>
public sealed class InfluxRoutingRegistry
{
    private readonly Dictionary<string, Func<IInfluxRoutingStrategy>> _factories = new(StringComparer.Ordinal);

    /// <summary>The shared registry with the built-in strategies.</summary>
    public static InfluxRoutingRegistry Default { get; } = CreateDefault();

    /// <summary>Registered names, sorted.</summary>
    public IReadOnlyList<string> Names => [.. _factories.Keys.Order(StringComparer.Ordinal)];

    /// <summary>A registry with <c>tenant-hash</c> (<see cref="TenantHashRouting"/>) and <c>least-loaded</c> (<see cref="LeastLoadedRouting"/>).</summary>
    public static InfluxRoutingRegistry CreateDefault()
    {
        var registry = new InfluxRoutingRegistry();
        registry.Register(TenantHashRouting.Name, () => new TenantHashRouting());
        registry.Register(LeastLoadedRouting.Name, () => new LeastLoadedRouting());
        return registry;
    }

    /// <summary>Registers a strategy under <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The name is taken.</exception>
    public void Register(string name, Func<IInfluxRoutingStrategy> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        if (!_factories.TryAdd(name, create))
        {
            throw new ArgumentException($"A routing strategy named '{name}' is already registered", nameof(name));
        }
    }

    /// <summary>Makes the strategy registered as <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No such strategy; the message lists the known names.</exception>
    public IInfluxRoutingStrategy Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _factories.TryGetValue(name, out var create)
            ? create()
            : throw new ArgumentException($"unknown InfluxDB routing strategy '{name}' (known: {string.Join(", ", Names)})", nameof(name));
    }
}
