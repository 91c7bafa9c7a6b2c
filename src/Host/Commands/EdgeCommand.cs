using System.CommandLine;
using MetricStream.Edge;
using MetricStream.Edge.Admission;
using MetricStream.Host.Admin;
using MetricStream.Host.Admin.Metrics;
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
        var spool = new Option<DirectoryInfo>("--spool") { Description = "Durable spool directory: while Kafka is down, writes are fsync'd there and replayed in order when it returns [default: none, 503]" };
        var spoolMax = new Option<long>("--spool-max-bytes") { Description = "Largest spool on disk; a full spool answers 503 [default: 1073741824]" };
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
            spool,
            spoolMax,
        };
        var keys = new Dictionary<Option, string>
        {
            [listen] = $"{EdgeSettings.Section}:Listen",
            [bootstrap] = $"{EdgeSettings.Section}:Bootstrap",
            [registry] = $"{EdgeSettings.Section}:Registry",
            [apiKeys] = $"{EdgeSettings.Section}:ApiKeys",
            [topic] = $"{EdgeSettings.Section}:Topic",
            [policies] = $"{EdgeSettings.Section}:PoliciesFile",
            [spool] = $"{EdgeSettings.Section}:Spool",
            [spoolMax] = $"{EdgeSettings.Section}:SpoolMaxBytes",
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
        using var shutdown = new ShutdownSignal(cancellationToken);
        EdgeServer server;
        try
        {
            server = await EdgeRole.StartAsync(settings, logs, shutdown.Token);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 2;
        }
        catch (Exception ex) when (ex is SchemaRegistryException or PolicyValidationException or IOException or InvalidOperationException or OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"error: the edge could not start: {ex.Message}");
            return 1;
        }

        Console.WriteLine($"edge: {server.Url}");
        using var otlp = OtlpSettings.StartExport(
            configuration,
            new AdminContext { BootstrapServers = settings.Bootstrap ?? string.Empty, RegistryUrl = new Uri(settings.Registry!), Edge = server, Logs = logs },
            "metricstream-edge");
        await shutdown.WaitAsync();
        logger.LogInformation("Draining the edge");
        await server.StopAsync(CancellationToken.None);
        return 0;
    }
}
