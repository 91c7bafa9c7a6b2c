using System.CommandLine;
using MetricStream.Edge.Tenants;
using MetricStream.Host.Admin;
using MetricStream.Host.Admin.Metrics;
using MetricStream.Host.Cli;
using MetricStream.Host.Demo;
using MetricStream.Host.Roles;
using MetricStream.Kafka.Topics;
using MetricStream.Processing.Runtime;
using MetricStream.Processing.Topology;
using MetricStream.SchemaRegistry.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace MetricStream.Host.Commands;

/// <summary>
/// <c>metricstream up</c>: every role in one process on the embedded default: embedded Kafka, the schema
/// registry, the edge, a local influxd, processing of <c>topologies/</c> writing to that influxd, and with
/// <c>--demo</c> an agent simulator. Prints one <c>name: address</c> line per component so scripts can find
/// them, then <c>ready: ...</c>; SIGINT/SIGTERM stops every role (exit 0).
/// </summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var brokers = new Option<int>("--brokers") { Description = "Embedded Kafka brokers, 1 to 16 [default: 3]" };
        var dataDir = new Option<DirectoryInfo>("--data-dir") { Description = "State directory: influxd data, API keys, the demo key, edge policies and spool [default: .metricstream]" };
        var portBase = new Option<int>("--port-base") { Description = "Ports: edge P, registry P+1, page and admin API P+2, influxd P+6 [default: 8080]" };
        var demo = new Option<bool>("--demo") { Description = "Also run an agent simulator posting host metrics (cpu, mem, disk, net) to the edge every 10 s" };
        var demoHosts = new Option<int>("--demo-hosts") { Description = "Hosts the demo agent simulates [default: 5]" };
        var command = new Command(
            "up",
            "Run the whole pipeline in one process on the embedded default (embedded Kafka with the product's topics, the schema "
            + "registry, the edge, a local influxd, the topologies of ./topologies writing to it), until SIGINT/SIGTERM.")
        {
            brokers,
            dataDir,
            portBase,
            demo,
            demoHosts,
        };
        var keys = new Dictionary<Option, string>
        {
            [brokers] = $"{KafkaDevSettings.Section}:Brokers",
            [dataDir] = $"{UpSettings.Section}:DataDir",
            [portBase] = $"{UpSettings.Section}:PortBase",
            [demo] = $"{UpSettings.Section}:Demo",
            [demoHosts] = $"{UpSettings.Section}:DemoHosts",
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, keys, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, IReadOnlyDictionary<Option, string> keys, CancellationToken cancellationToken)
    {
        var configuration = HostConfiguration.Build(parse, keys);
        var settings = configuration.GetSection(UpSettings.Section).Get<UpSettings>() ?? new UpSettings();
        if (settings.Validate() is { } usage)
        {
            await Console.Error.WriteLineAsync($"error: {usage}");
            return 2;
        }

        if (!File.Exists(settings.Influxd))
        {
            await Console.Error.WriteLineAsync(
                $"error: {settings.Influxd} is missing: `up` runs a local InfluxDB 1.x from Debian's influxdb package; run `make run`, which installs it");
            return 1;
        }

        using var logs = Logs.Create(configuration);
        var logger = logs.CreateLogger("up");
        using var shutdown = new ShutdownSignal(cancellationToken);
        try
        {
            return await RunRolesAsync(configuration, settings, logs, logger, shutdown);
        }
        catch (TopologyValidationException ex)
        {
            foreach (var issue in ex.Issues)
            {
                await Console.Error.WriteLineAsync(issue.ToString());
            }

            return 2;
        }
        catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
        {
            logger.LogInformation("Stopped while starting");
            return 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "up failed");
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> RunRolesAsync(IConfiguration configuration, UpSettings settings, ILoggerFactory logs, ILogger logger, ShutdownSignal shutdown)
    {
        var data = UpDataDirectory.Create(settings.DataDir);
        var kafkaSettings = configuration.GetSection(KafkaDevSettings.Section).Get<KafkaDevSettings>() ?? new KafkaDevSettings();
        using var kafka = await EmbeddedKafkaRole.StartAsync(kafkaSettings, logger, shutdown.Token);
        Console.WriteLine($"kafka: {kafka.Cluster.BootstrapServers}");

        await using var registry = await EmbeddedRegistryServer.StartAsync(
            new RegistryServerOptions
            {
                BootstrapServers = kafka.Cluster.BootstrapServers,
                ListenUrl = new Uri(configuration[$"{RegistrySettings.Section}:Listen"] ?? $"http://127.0.0.1:{settings.RegistryPort}"),
                LoggerFactory = logs,
            },
            shutdown.Token);
        Console.WriteLine($"registry: {registry.Url.ToString().TrimEnd('/')}");

        var (demoKey, created) = await data.EnsureDemoKeyAsync(shutdown.Token);
        logger.LogInformation("API key of tenant {Tenant} ({State}): {File}", UpDataDirectory.DemoTenant, created ? "created now" : "kept", data.DemoKey);
        Console.WriteLine($"api-key: {data.DemoKey}");
        _ = await data.EnsureAdminKeyAsync(shutdown.Token);
        Console.WriteLine($"admin-key: {data.AdminKey}");

        var edgeSettings = configuration.GetSection(EdgeSettings.Section).Get<EdgeSettings>() ?? new EdgeSettings();
        edgeSettings.Bootstrap = kafka.Cluster.BootstrapServers;
        edgeSettings.Registry = registry.Url.ToString();
        edgeSettings.Listen = configuration[$"{EdgeSettings.Section}:Listen"] ?? $"http://127.0.0.1:{settings.EdgePort}";
        edgeSettings.ApiKeys ??= data.ApiKeys;
        edgeSettings.PoliciesFile ??= data.Policies;
        edgeSettings.Spool ??= data.Spool;
        edgeSettings.ReplicationFactor = (short)Math.Min(edgeSettings.ReplicationFactor, kafkaSettings.Brokers);
        await using var edge = await EdgeRole.StartAsync(edgeSettings, logs, shutdown.Token);
        Console.WriteLine($"edge: {edge.Url.ToString().TrimEnd('/')}");

        await using var influxd = await LocalInfluxdRole.StartAsync(data, settings, logger, shutdown.Token);
        Console.WriteLine($"influxdb: {influxd.Url.ToString().TrimEnd('/')}");

        var sinkSettings = configuration.GetSection(InfluxSinkSettings.Section).Get<InfluxSinkSettings>() ?? new InfluxSinkSettings();
        if (!sinkSettings.HasTargets)
        {
            sinkSettings.Urls = influxd.Url.ToString();
        }

        await using var sinks = await InfluxSinkRole.StartAsync(sinkSettings, kafka.Cluster.BootstrapServers, registry.Url, logs, shutdown.Token);
        await using var webhooks = WebhookRole.Start(configuration, kafka.Cluster.BootstrapServers, registry.Url, logs);
        await using var processing = ProcessingRole.Load(
            configuration[$"{ProcessSettings.Section}:Topologies"] ?? "topologies",
            new StreamsApplicationOptions
            {
                BootstrapServers = kafka.Cluster.BootstrapServers,
                RegistryUrl = registry.Url,
                ExternalSinks = sinks.Providers.Concat(webhooks.Providers).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
                TopicProvisioner = new EmbeddedTopicProvisioner(kafka.Cluster), // the embedded broker answers no CreateTopics
                LoggerFactory = logs,
            },
            sinks,
            webhooks,
            logger);
        processing.Start();
        foreach (var application in processing.Applications)
        {
            Console.WriteLine($"process: {application.ApplicationId}");
        }

        var adminContext = new AdminContext
        {
            BootstrapServers = kafka.Cluster.BootstrapServers,
            RegistryUrl = registry.Url,
            TopologiesDirectory = configuration[$"{ProcessSettings.Section}:Topologies"] ?? "topologies",
            Edge = edge,
            Applications = processing.Applications,
            Sinks = sinks,
            Webhooks = webhooks,
            ApiKeysFile = data.ApiKeys,
            Logs = logs,
        };
        using var otlp = OtlpSettings.StartExport(configuration, adminContext, "metricstream-up");
        await using var admin = await AdminServer.StartAsync(
            new Uri(configuration[$"{UpSettings.Section}:AdminListen"] ?? $"http://127.0.0.1:{settings.PagePort}"),
            new AdminKeyCheck(KeyStore.Load(data.ApiKeys)),
            AdminModules.For(adminContext),
            logs,
            shutdown.Token);
        Console.WriteLine($"page: {admin.Url.ToString().TrimEnd('/')}");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var stopDemo = CancellationTokenSource.CreateLinkedTokenSource(shutdown.Token);
        var demo = settings.Demo ? StartDemo(settings, edge.Url, demoKey, http, logs, stopDemo.Token) : null;
        Console.WriteLine($"ready: {(settings.Demo ? $"demo agent posting for {settings.DemoHosts} hosts; " : string.Empty)}press Ctrl+C to stop");

        var failed = await processing.WaitAsync(shutdown.WaitAsync());
        logger.LogInformation("Stopping");
        await stopDemo.CancelAsync();
        if (demo is not null)
        {
            await demo.Value.Run;
            demo.Value.Progress.Finish();
        }

        var stopping = processing.StopAsync();
        try
        {
            failed |= await stopping.WaitAsync(settings.ShutdownTimeout);
        }
        catch (TimeoutException)
        {
            // Writes still waiting for InfluxDB hold the tasks' drains; stopping the sink fails them, so the tasks end.
            logger.LogError("Processing did not stop within {Timeout}: abandoning records not yet written to InfluxDB", settings.ShutdownTimeout);
            await sinks.DisposeAsync();
            await Task.WhenAny(stopping, Task.Delay(TimeSpan.FromSeconds(10), TimeProvider.System));
            failed = true;
        }

        return failed ? 1 : 0;
    }

    private static (Task Run, DemoProgress Progress)? StartDemo(UpSettings settings, Uri edge, string key, HttpClient http, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var progress = DemoProgress.ForConsole();
        var agent = new DemoAgent(
            http,
            new DemoAgentOptions { Edge = edge, ApiKey = key },
            new DemoHostMetrics(settings.DemoHosts, seed: Environment.ProcessId),
            progress,
            TimeProvider.System,
            logs.CreateLogger("demo"));
        return (Task.Run(() => agent.RunAsync(cancellationToken), CancellationToken.None), progress);
    }
}
