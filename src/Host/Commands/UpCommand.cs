using System.CommandLine;
using MetricStream.Host.Cli;
using MetricStream.Host.Roles;
using MetricStream.Processing.Runtime;
using MetricStream.Processing.Topology;
using MetricStream.SchemaRegistry.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace MetricStream.Host.Commands;

/// <summary>
/// <c>metricstream up</c>: every role in one process on the embedded default. Prints one
/// <c>name: address</c> line per component so scripts can find them.
/// </summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var brokers = new Option<int>("--brokers") { Description = "Embedded Kafka brokers, 1 to 16 [default: 3]" };
        var command = new Command("up", "Run the whole pipeline in one process on the embedded default (embedded Kafka with the product's topics, the schema registry, the topologies of ./topologies), until SIGINT/SIGTERM.")
        {
            brokers,
        };
        var keys = new Dictionary<Option, string> { [brokers] = $"{KafkaDevSettings.Section}:Brokers" };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, keys, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, IReadOnlyDictionary<Option, string> keys, CancellationToken cancellationToken)
    {
        var configuration = HostConfiguration.Build(parse, keys);
        var kafka = configuration.GetSection(KafkaDevSettings.Section).Get<KafkaDevSettings>() ?? new KafkaDevSettings();
        using var logs = Logs.Create(configuration);
        var logger = logs.CreateLogger("up");
        using var shutdown = new ShutdownSignal(cancellationToken);
        using var role = await EmbeddedKafkaRole.StartAsync(kafka, logger, shutdown.Token);
        Console.WriteLine($"kafka: {role.Cluster.BootstrapServers}");
        await using var registry = await EmbeddedRegistryServer.StartAsync(
            new RegistryServerOptions
            {
                BootstrapServers = role.Cluster.BootstrapServers,
                ListenUrl = new Uri(configuration[$"{RegistrySettings.Section}:Listen"] ?? "http://127.0.0.1:8081"),
                LoggerFactory = logs,
            },
            shutdown.Token);
        Console.WriteLine($"registry: {registry.Url.ToString().TrimEnd('/')}");
        var topologies = configuration[$"{ProcessSettings.Section}:Topologies"] ?? "topologies";
        var applications = LoadApplications(topologies, role.Cluster.BootstrapServers, registry.Url, logs, logger);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(shutdown.Token);
        var runs = applications.Select(a => a.RunAsync(stop.Token)).ToList();
        try
        {
            foreach (var application in applications)
            {
                Console.WriteLine($"process: {application.ApplicationId}");
            }

            Console.WriteLine("ready: press Ctrl+C to stop");
            await shutdown.WaitAsync();
            logger.LogInformation("Stopping");
            await stop.CancelAsync();
            await Task.WhenAll(runs);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped while an application was still starting.
        }
        finally
        {
            foreach (var application in applications)
            {
                await application.DisposeAsync();
            }
        }

        return 0;
    }

    private static List<StreamsApplication> LoadApplications(string directory, string bootstrap, Uri registry, ILoggerFactory logs, ILogger logger)
    {
        if (!Directory.Exists(directory))
        {
            logger.LogWarning("No topologies directory '{Directory}': processing is not started (set Process:Topologies or run from the repository root)", directory);
            return [];
        }

        return Directory.EnumerateFiles(directory, "*.yaml")
            .Concat(Directory.EnumerateFiles(directory, "*.yml"))
            .Order(StringComparer.Ordinal)
            .Select(TopologyLoader.LoadFile)
            .Select(t => new StreamsApplication(t, new StreamsApplicationOptions { BootstrapServers = bootstrap, RegistryUrl = registry, LoggerFactory = logs }))
            .ToList();
    }
}
