using System.CommandLine;
using Confluent.Kafka;
using MetricStream.Edge.Tenants;
using MetricStream.Host.Admin;
using MetricStream.Host.Admin.Metrics;
using MetricStream.Host.Cli;
using MetricStream.Host.Roles;
using MetricStream.Processing.Runtime;
using MetricStream.Processing.Topology;
using MetricStream.SchemaRegistry.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace MetricStream.Host.Commands;

/// <summary>
/// <c>metricstream process</c>: runs every topology file of a directory against Kafka, one
/// <see cref="StreamsApplication"/> per topology (consumer group = the topology's name), until SIGINT or SIGTERM.
/// </summary>
internal static class ProcessCommand
{
    public static Command Create()
    {
        var bootstrap = new Option<string>("--bootstrap") { Description = "Kafka bootstrap servers (host:port,...) (required)" };
        var registry = new Option<string>("--registry") { Description = "Schema registry URL [default: http://127.0.0.1:8081]" };
        var topologies = new Option<string>("--topologies") { Description = "Directory of topology files (*.yaml, *.yml) to run [default: topologies]" };
        var influxdb = new Option<string>("--influxdb") { Description = "InfluxDB base URL(s), comma-separated, for topologies' `influxdb:` sinks [default: Sinks:InfluxDB:Targets]" };
        var influxMode = new Option<string>("--influxdb-mode") { Description = "InfluxDB write API: v1 (/write, provisions databases and retention policies) or v2 (/api/v2/write) [default: v1]" };
        var influxToken = new Option<string>("--influxdb-token") { Description = "InfluxDB API token (v2)" };
        var influxOrg = new Option<string>("--influxdb-org") { Description = "InfluxDB organisation (v2)" };
        var influxDatabase = new Option<string>("--influxdb-database") { Description = "Database of the raw, rollup_1m, rollup_1h and alerts destinations [default: metrics]" };
        var influxRouting = new Option<string>("--influxdb-routing") { Description = "Routing across several InfluxDB URLs: tenant-hash or least-loaded [default: tenant-hash]" };
        var adminListen = new Option<string>("--admin-listen") { Description = "Address of the admin listener (/metrics, admin API, page), e.g. http://127.0.0.1:8082; none when omitted" };
        var apiKeys = new Option<string>("--api-keys") { Description = "API key file whose admin keys may use the admin API (as `metricstream keys add` writes it)" };
        var command = new Command(
            "process",
            "Run the stream processing topologies of a directory until SIGINT/SIGTERM. Each topology is a consumer group named "
            + "after it; start more instances to share the partitions. Delivery is at-least-once; undecodable records go to metrics.dead-letters.")
        {
            bootstrap,
            registry,
            topologies,
            influxdb,
            influxMode,
            influxToken,
            influxOrg,
            influxDatabase,
            influxRouting,
            adminListen,
            apiKeys,
        };
        var keys = new Dictionary<Option, string>
        {
            [bootstrap] = $"{ProcessSettings.Section}:Bootstrap",
            [registry] = $"{ProcessSettings.Section}:Registry",
            [topologies] = $"{ProcessSettings.Section}:Topologies",
            [influxdb] = $"{InfluxSinkSettings.Section}:Urls",
            [influxMode] = $"{InfluxSinkSettings.Section}:Mode",
            [influxToken] = $"{InfluxSinkSettings.Section}:Token",
            [influxOrg] = $"{InfluxSinkSettings.Section}:Organization",
            [influxDatabase] = $"{InfluxSinkSettings.Section}:Database",
            [influxRouting] = $"{InfluxSinkSettings.Section}:Routing",
            [adminListen] = $"{ProcessSettings.Section}:AdminListen",
            [apiKeys] = $"{ProcessSettings.Section}:ApiKeys",
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, keys, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, IReadOnlyDictionary<Option, string> keys, CancellationToken cancellationToken)
    {
        var configuration = HostConfiguration.Build(parse, keys);
        var settings = configuration.GetSection(ProcessSettings.Section).Get<ProcessSettings>() ?? new ProcessSettings();
        using var logs = Logs.Create(configuration);
        var logger = logs.CreateLogger("process");
        if (await ValidateAsync(settings) is { } usage)
        {
            await Console.Error.WriteLineAsync($"error: {usage}");
            return 2;
        }

        var loaded = new List<Topology>();
        foreach (var file in TopologyFiles(settings.Topologies))
        {
            try
            {
                loaded.Add(TopologyLoader.LoadFile(file));
            }
            catch (TopologyValidationException ex)
            {
                foreach (var issue in ex.Issues)
                {
                    await Console.Error.WriteLineAsync(issue.ToString());
                }

                return 2;
            }
        }

        using var shutdown = new ShutdownSignal(cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(shutdown.Token);
        var sinkSettings = configuration.GetSection(InfluxSinkSettings.Section).Get<InfluxSinkSettings>() ?? new InfluxSinkSettings();
        InfluxSinkRole sinks;
        try
        {
            sinks = await InfluxSinkRole.StartAsync(sinkSettings, settings.Bootstrap!, new Uri(settings.Registry), logs, shutdown.Token);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 2;
        }

        await using var sinksScope = sinks;
        WebhookRole webhooks;
        try
        {
            webhooks = WebhookRole.Start(configuration, settings.Bootstrap!, new Uri(settings.Registry), logs);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 2;
        }

        await using var webhooksScope = webhooks;
        if (loaded.SelectMany(sinks.Check).Concat(loaded.SelectMany(webhooks.Check)).ToList() is { Count: > 0 } problems)
        {
            await Console.Error.WriteLineAsync("error: " + string.Join(Environment.NewLine + "error: ", problems));
            return 2;
        }

        var applications = loaded.Select(t => new StreamsApplication(t, new StreamsApplicationOptions
        {
            BootstrapServers = settings.Bootstrap!,
            RegistryUrl = new Uri(settings.Registry),
            ExternalSinks = sinks.Providers.Concat(webhooks.Providers).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            LoggerFactory = logs,
        })).ToList();
        using var otlp = OtlpSettings.StartExport(
            configuration,
            new AdminContext { BootstrapServers = settings.Bootstrap!, RegistryUrl = new Uri(settings.Registry), Applications = applications, Sinks = sinks, Webhooks = webhooks, Logs = logs },
            "metricstream-process");
        AdminServer? admin = null;
        try
        {
            var runs = applications.Select(a => a.RunAsync(stop.Token)).ToList();
            foreach (var application in applications)
            {
                Console.WriteLine($"process: {application.ApplicationId} (consumer group {application.ApplicationId})");
            }

            if (settings.AdminListen is { Length: > 0 } listen)
            {
                admin = await AdminServer.StartAsync(
                    new Uri(listen),
                    new AdminKeyCheck(settings.ApiKeys is { Length: > 0 } file ? KeyStore.Load(file) : KeyStore.FromKeys([])),
                    AdminModules.For(new AdminContext
                    {
                        BootstrapServers = settings.Bootstrap!,
                        RegistryUrl = new Uri(settings.Registry),
                        TopologiesDirectory = settings.Topologies,
                        Applications = applications,
                        Sinks = sinks,
                        Webhooks = webhooks,
                        ApiKeysFile = settings.ApiKeys,
                        Logs = logs,
                    }),
                    logs,
                    shutdown.Token);
                Console.WriteLine($"admin: {admin.Url.ToString().TrimEnd('/')}");
            }

            // Stops on SIGINT/SIGTERM, or as soon as one application fails (its uncommitted input is processed again after a restart).
            await Task.WhenAny(shutdown.WaitAsync(), Task.WhenAny(runs).Unwrap());
            logger.LogInformation("Stopping {Count} topologies", applications.Count);
            await stop.CancelAsync();
            await Task.WhenAll(runs);
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped before every application had registered its schemas.
            return 0;
        }
        catch (Exception ex) when (ex is KafkaException or SchemaRegistryException or InvalidOperationException or AggregateException or HttpRequestException)
        {
            logger.LogError(ex, "Processing stopped");
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
        finally
        {
            if (admin is not null)
            {
                await admin.DisposeAsync();
            }

            foreach (var application in applications)
            {
                await application.DisposeAsync();
            }
        }
    }

    private static Task<string?> ValidateAsync(ProcessSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.Bootstrap))
        {
            return Task.FromResult<string?>("--bootstrap is required (the Kafka cluster to process)");
        }

        if (!Uri.TryCreate(settings.Registry, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return Task.FromResult<string?>($"--registry must be an http(s) URL such as http://127.0.0.1:8081 (got '{settings.Registry}')");
        }

        if (settings.AdminListen is { Length: > 0 } listen && !Uri.TryCreate(listen, UriKind.Absolute, out _))
        {
            return Task.FromResult<string?>($"--admin-listen must be an absolute URL such as http://127.0.0.1:8082 (got '{listen}')");
        }

        if (!Directory.Exists(settings.Topologies))
        {
            return Task.FromResult<string?>($"--topologies '{settings.Topologies}' is not a directory");
        }

        return Task.FromResult(TopologyFiles(settings.Topologies).Any() ? null : $"no topology files (*.yaml, *.yml) in '{settings.Topologies}'");
    }

    private static IEnumerable<string> TopologyFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*.yaml").Concat(Directory.EnumerateFiles(directory, "*.yml")).Order(StringComparer.Ordinal);
}
