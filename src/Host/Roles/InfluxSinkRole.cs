using MetricStream.Kafka.Producing;
using MetricStream.Kafka.Topics;
using MetricStream.Processing.Outputs;
using MetricStream.Processing.Topology;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.Serdes;
using MetricStream.Sinks.DeadLetters;
using MetricStream.Sinks.InfluxDB;
using Microsoft.Extensions.Logging;

namespace MetricStream.Host.Roles;

/// <summary>
/// The InfluxDB sink of <c>process</c> and <c>up</c>: one <see cref="InfluxSink"/> from <see cref="InfluxSinkSettings"/>,
/// lines InfluxDB rejects dead-lettered to <c>metrics.dead-letters</c>, registered for the engine as the
/// <c>influxdb</c> provider. Dispose after the applications stopped: it flushes what is still batched.
/// </summary>
internal sealed class InfluxSinkRole : IAsyncDisposable
{
    private readonly InfluxSink? _sink;
    private readonly DurableProducer? _producer;
    private readonly SchemaRegistryClient? _registry;
    private int _disposed;

    private InfluxSinkRole(InfluxSink? sink, DurableProducer? producer, SchemaRegistryClient? registry)
    {
        _sink = sink;
        _producer = producer;
        _registry = registry;
        Providers = sink is null
            ? new Dictionary<string, IExternalSinkProvider>(StringComparer.Ordinal)
            : new Dictionary<string, IExternalSinkProvider>(StringComparer.Ordinal) { [ExternalSinks.InfluxDb] = new InfluxSinkAdapter(sink) };
    }

    /// <summary>For <c>StreamsApplicationOptions.ExternalSinks</c>: empty when no InfluxDB target is configured.</summary>
    public IReadOnlyDictionary<string, IExternalSinkProvider> Providers { get; }

    /// <summary>
    /// The sink's counters now (per target, route decisions per strategy/target/reason, dead letters), for
    /// /metrics; null when no InfluxDB target is configured. Cheap and thread-safe.
    /// </summary>
    /// <returns>The snapshot, or null.</returns>
    public InfluxSinkSnapshot? Snapshot() => _sink?.Snapshot();

    /// <summary>
    /// Builds the sink when <paramref name="settings"/> has a target and starts it (v1: provisions databases
    /// and retention policies); otherwise a role with no provider.
    /// </summary>
    /// <param name="settings">The <c>Sinks:InfluxDB</c> section.</param>
    /// <param name="bootstrap">Kafka, for dead letters.</param>
    /// <param name="registry">Schema registry, for dead letters.</param>
    /// <param name="logs">Logging.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The started role.</returns>
    /// <exception cref="ArgumentException">The settings are unusable (message for the user).</exception>
    public static async Task<InfluxSinkRole> StartAsync(InfluxSinkSettings settings, string bootstrap, Uri registry, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        if (!settings.HasTargets)
        {
            return new InfluxSinkRole(null, null, null);
        }

        var options = settings.ToOptions();
        var producer = new DurableProducer(new ProducerSettings { BootstrapServers = bootstrap, ClientId = "metricstream-influx-sink" }, logger: logs.CreateLogger("influxdb-dead-letters"));
        var client = new SchemaRegistryClient(new SchemaRegistryClientOptions { Url = registry });
        var deadLetters = new KafkaInfluxDeadLetterPublisher(producer, new ConfluentAvroSerializer(client), TopicCatalog.DeadLetters);
        var sink = new InfluxSink(options, deadLetters, logger: logs.CreateLogger("influxdb-sink"));
        var role = new InfluxSinkRole(sink, producer, client);
        try
        {
            await sink.StartAsync(cancellationToken);
            return role;
        }
        catch
        {
            await role.DisposeAsync();
            throw;
        }
    }

    /// <summary>Checks that every <c>influxdb:</c> sink of <paramref name="topology"/> names a configured destination.</summary>
    /// <param name="topology">The topology.</param>
    /// <returns>The problems, empty when none (a topology with no influxdb sink has none).</returns>
    public IEnumerable<string> Check(Topology topology)
    {
        var external = topology.Nodes.OfType<SinkNode>().Where(s => s.IsExternal && s.Provider == ExternalSinks.InfluxDb);
        foreach (var node in external)
        {
            if (_sink is null)
            {
                yield return $"topology '{topology.Name}': sink '{node.Name}' writes to influxdb: {node.Destination}, but no InfluxDB is configured (--influxdb URL or Sinks:InfluxDB:Targets)";
            }
            else if (!_sink.Destinations.Contains(node.Destination!))
            {
                yield return InfluxSinkAdapter.UnknownDestination(topology.Name, node.Name, node.Destination!, _sink.Destinations);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_sink is not null)
        {
            await _sink.DisposeAsync();
        }

        _producer?.Flush(TimeSpan.FromSeconds(10));
        _producer?.Dispose();
        _registry?.Dispose();
    }
}
