using MetricStream.Kafka.Producing;
using MetricStream.Kafka.Topics;
using MetricStream.Processing.Outputs;
using MetricStream.Processing.Topology;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.Serdes;
using MetricStream.Sinks.DeadLetters;
using MetricStream.Sinks.Webhook;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace MetricStream.Host.Roles;

/// <summary>
/// The alert webhooks of <c>process</c> and <c>up</c>: one <see cref="WebhookNotifier"/> per entry of
/// <see cref="WebhookSettings.Section"/>, notifications that cannot be delivered dead-lettered to
/// <c>metrics.dead-letters</c>, registered for the engine as the <c>webhook</c> provider. Dispose after the
/// applications stopped: it cancels notifications still being retried (their input was not committed).
/// </summary>
internal sealed class WebhookRole : IAsyncDisposable
{
    private readonly DurableProducer? _producer;
    private readonly SchemaRegistryClient? _registry;
    private int _disposed;

    private WebhookRole(IReadOnlyDictionary<string, (WebhookNotifier Notifier, HashSet<string> States)> webhooks, DurableProducer? producer, SchemaRegistryClient? registry)
    {
        _producer = producer;
        _registry = registry;
        Notifiers = webhooks.ToDictionary(w => w.Key, w => w.Value.Notifier, StringComparer.Ordinal);
        Providers = webhooks.Count == 0
            ? new Dictionary<string, IExternalSinkProvider>(StringComparer.Ordinal)
            : new Dictionary<string, IExternalSinkProvider>(StringComparer.Ordinal) { [ExternalSinks.Webhook] = new WebhookSinkAdapter(webhooks) };
    }

    /// <summary>The notifiers by webhook name (their <see cref="WebhookNotifier.Snapshot"/> is for <c>/metrics</c>).</summary>
    public IReadOnlyDictionary<string, WebhookNotifier> Notifiers { get; }

    /// <summary>For <c>StreamsApplicationOptions.ExternalSinks</c> (merge with the InfluxDB role's): empty when no webhook is configured.</summary>
    public IReadOnlyDictionary<string, IExternalSinkProvider> Providers { get; }

    /// <summary>Builds a notifier per configured webhook; a role with none when the section is empty.</summary>
    /// <param name="configuration">The host configuration (section <see cref="WebhookSettings.Section"/>).</param>
    /// <param name="bootstrap">Kafka, for dead letters.</param>
    /// <param name="registry">Schema registry, for dead letters.</param>
    /// <param name="logs">Logging.</param>
    /// <returns>The role.</returns>
    /// <exception cref="ArgumentException">A webhook's settings are unusable (message for the user).</exception>
    public static WebhookRole Start(IConfiguration configuration, string bootstrap, Uri registry, ILoggerFactory logs)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(WebhookSettings.Section);
        var settings = section.GetChildren().ToDictionary(c => c.Key, c => c.Get<WebhookTargetSettings>() ?? new WebhookTargetSettings(), StringComparer.Ordinal);
        if (settings.Count == 0)
        {
            return new WebhookRole(new Dictionary<string, (WebhookNotifier, HashSet<string>)>(), null, null);
        }

        var options = settings.ToDictionary(s => s.Key, s => (Options: s.Value.ToOptions(s.Key), States: s.Value.StatesToSend(s.Key)), StringComparer.Ordinal);
        var producer = new DurableProducer(new ProducerSettings { BootstrapServers = bootstrap, ClientId = "metricstream-webhooks" }, logger: logs.CreateLogger("webhook-dead-letters"));
        var client = new SchemaRegistryClient(new SchemaRegistryClientOptions { Url = registry });
        var deadLetters = new KafkaInfluxDeadLetterPublisher(producer, new ConfluentAvroSerializer(client), TopicCatalog.DeadLetters);
        var webhooks = options.ToDictionary(
            o => o.Key,
            o => (new WebhookNotifier(o.Value.Options, deadLetters, logs.CreateLogger("webhook")), o.Value.States),
            StringComparer.Ordinal);
        return new WebhookRole(webhooks, producer, client);
    }

    /// <summary>The message for a sink naming a webhook the configuration does not have.</summary>
    /// <param name="topology">The topology.</param>
    /// <param name="processor">The sink processor.</param>
    /// <param name="name">The webhook it names.</param>
    /// <param name="known">The configured webhooks.</param>
    /// <returns>The message.</returns>
    public static string UnknownWebhook(string topology, string processor, string name, IEnumerable<string> known) =>
        $"topology '{topology}': sink '{processor}' notifies webhook '{name}', which {WebhookSettings.Section} does not define "
        + $"(defined: {(known.Any() ? string.Join(", ", known.Order(StringComparer.Ordinal)) : "none")}); set {WebhookSettings.Section}:{name}:Url";

    /// <summary>Checks that every <c>webhook:</c> sink of <paramref name="topology"/> names a configured webhook and is fed by an alert processor.</summary>
    /// <param name="topology">The topology.</param>
    /// <returns>The problems, empty when none.</returns>
    public IEnumerable<string> Check(Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        foreach (var node in topology.Nodes.OfType<SinkNode>().Where(s => s.IsExternal && s.Provider == ExternalSinks.Webhook))
        {
            if (!Notifiers.ContainsKey(node.Destination!))
            {
                yield return UnknownWebhook(topology.Name, node.Name, node.Destination!, Notifiers.Keys);
            }

            if (node.Inputs.Any(i => topology.Nodes.FirstOrDefault(n => n.Name == i.Split('.')[0]) is not AlertNode))
            {
                yield return $"topology '{topology.Name}': sink '{node.Name}' notifies webhook '{node.Destination}' but is not fed by an alert processor; a webhook only sends alert transitions";
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

        foreach (var notifier in Notifiers.Values)
        {
            await notifier.DisposeAsync();
        }

        _producer?.Dispose();
        _registry?.Dispose();
    }
}
