using System.CommandLine;
using System.Text.Json;
using MetricStream.Edge;
using MetricStream.Edge.Admission;
using MetricStream.Edge.Tenants;
using MetricStream.Edge.Validation;
using MetricStream.Host.Cli;
using MetricStream.Host.Roles;
using MetricStream.SchemaRegistry.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace MetricStream.Host.Commands;

/// <summary>
/// <c>metricstream edge</c>: the edge ingester until SIGINT or SIGTERM, then a graceful drain (new writes get
/// 503, in-flight requests finish, the producer flushes) and exit 0.
/// </summary>
internal static class EdgeCommand
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "Listen URL [default: http://127.0.0.1:8080]" };
        var bootstrap = new Option<string>("--bootstrap") { Description = "Kafka bootstrap servers (host:port,...)" };
        var registry = new Option<string>("--registry") { Description = "Schema registry URL" };
        var apiKeys = new Option<FileInfo>("--api-keys") { Description = "API key file (metricstream keys add --tenant T)" };
        var topic = new Option<string>("--topic") { Description = "Output topic, created when missing [default: metrics.points]" };
        var policies = new Option<FileInfo>("--policies-file") { Description = "JSON file keeping tenants' admission policies across restarts" };
        var command = new Command(
            "edge",
            "Run the edge ingester: InfluxDB /api/v2/write and /write, Prometheus /api/v1/write, JSON /api/v1/metrics; "
            + "valid points are produced to Kafka (Avro, Confluent wire format) and acknowledged only once Kafka has them.")
        {
            listen,
            bootstrap,
            registry,
            apiKeys,
            topic,
            policies,
        };
        var keys = new Dictionary<Option, string>
        {
            [listen] = $"{EdgeSettings.Section}:Listen",
            [bootstrap] = $"{EdgeSettings.Section}:Bootstrap",
            [registry] = $"{EdgeSettings.Section}:Registry",
            [apiKeys] = $"{EdgeSettings.Section}:ApiKeys",
            [topic] = $"{EdgeSettings.Section}:Topic",
            [policies] = $"{EdgeSettings.Section}:PoliciesFile",
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, keys, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, IReadOnlyDictionary<Option, string> keys, CancellationToken cancellationToken)
    {
        var configuration = HostConfiguration.Build(parse, keys);
        var settings = configuration.GetSection(EdgeSettings.Section).Get<EdgeSettings>() ?? new EdgeSettings();
        using var logs = Logs.Create(configuration);
        var logger = logs.CreateLogger("edge");
        if (string.IsNullOrWhiteSpace(settings.Bootstrap) || string.IsNullOrWhiteSpace(settings.Registry) || string.IsNullOrWhiteSpace(settings.ApiKeys))
        {
            await Console.Error.WriteLineAsync("error: --bootstrap, --registry and --api-keys are required");
            return 2;
        }

        if (!Uri.TryCreate(settings.Listen, UriKind.Absolute, out var listenUrl) || !Uri.TryCreate(settings.Registry, UriKind.Absolute, out var registryUrl))
        {
            await Console.Error.WriteLineAsync("error: --listen and --registry must be absolute URLs");
            return 2;
        }

        KeyStore apiKeys;
        JsonElement? defaults = null;
        try
        {
            apiKeys = KeyStore.Load(settings.ApiKeys);
            if (settings.DefaultPoliciesFile is { Length: > 0 } file)
            {
                using var document = JsonDocument.Parse(await File.ReadAllTextAsync(file, cancellationToken));
                defaults = document.RootElement.Clone();
            }
        }
        catch (Exception ex) when (ex is FormatException or IOException or JsonException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 2;
        }

        if (apiKeys.Count == 0)
        {
            logger.LogWarning("No API keys in {File}: every write will be refused until `metricstream keys add` adds one", settings.ApiKeys);
        }

        using var shutdown = new ShutdownSignal(cancellationToken);
        EdgeServer server;
        try
        {
            server = await EdgeServer.StartAsync(
                new EdgeOptions
                {
                    ListenUrl = listenUrl,
                    BootstrapServers = settings.Bootstrap,
                    RegistryUrl = registryUrl,
                    Keys = apiKeys,
                    Topic = settings.Topic,
                    TopicPartitions = settings.Partitions,
                    TopicReplicationFactor = settings.ReplicationFactor,
                    PoliciesFile = settings.PoliciesFile,
                    DefaultPolicies = defaults,
                    Limits = IngestLimits.Default with { MaxBodyBytes = settings.MaxBodyBytes, MaxDecompressedBytes = settings.MaxDecompressedBytes },
                    LoggerFactory = logs,
                },
                shutdown.Token);
        }
        catch (Exception ex) when (ex is SchemaRegistryException or PolicyValidationException or IOException or InvalidOperationException or OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"error: the edge could not start: {ex.Message}");
            return 1;
        }

        Console.WriteLine($"edge: {server.Url}");
        await shutdown.WaitAsync();
        logger.LogInformation("Draining the edge");
        await server.StopAsync(CancellationToken.None);
        return 0;
    }
}
