using System.CommandLine;
using MetricStream.Host.Cli;
using MetricStream.Host.Roles;
using MetricStream.Kafka.Topics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace MetricStream.Host.Commands;

/// <summary><c>metricstream kafka-dev</c>: the embedded Kafka-protocol broker, until SIGINT or SIGTERM.</summary>
internal static class KafkaDevCommand
{
    public static Command Create()
    {
        var brokers = new Option<int>("--brokers") { Description = "Number of brokers, 1 to 16 [default: 3]" };
        var topicsConfig = new Option<FileInfo>("--topics-config") { Description = "Topics JSON file to create instead of the product's default topics" };
        var bootstrapFile = new Option<FileInfo>("--bootstrap-file") { Description = "Write the bootstrap servers to this file (removed on exit)" };
        var command = new Command(
            "kafka-dev",
            "Run an embedded Kafka-protocol cluster (librdkafka's mock cluster) on 127.0.0.1 until SIGINT/SIGTERM. "
            + "Any Kafka client, kcat included, connects to the printed bootstrap servers. In-memory only; for development and tests.")
        {
            brokers,
            topicsConfig,
            bootstrapFile,
        };
        var keys = new Dictionary<Option, string>
        {
            [brokers] = $"{KafkaDevSettings.Section}:Brokers",
            [topicsConfig] = $"{KafkaDevSettings.Section}:TopicsConfig",
            [bootstrapFile] = $"{KafkaDevSettings.Section}:BootstrapFile",
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, keys, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, IReadOnlyDictionary<Option, string> keys, CancellationToken cancellationToken)
    {
        var configuration = HostConfiguration.Build(parse, keys);
        var settings = configuration.GetSection(KafkaDevSettings.Section).Get<KafkaDevSettings>() ?? new KafkaDevSettings();
        using var logs = Logs.Create(configuration);
        var logger = logs.CreateLogger("kafka-dev");
        if (settings.Brokers is < 1 or > 16)
        {
            await Console.Error.WriteLineAsync($"error: --brokers must be from 1 to 16 (got {settings.Brokers})");
            return 2;
        }

        using var shutdown = new ShutdownSignal(cancellationToken);
        EmbeddedKafkaRole role;
        try
        {
            role = await EmbeddedKafkaRole.StartAsync(settings, logger, shutdown.Token);
        }
        catch (TopicsConfigException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 2;
        }

        using (role)
        {
            Console.WriteLine($"kafka: {role.Cluster.BootstrapServers}");
            Console.WriteLine($"topics: {string.Join(",", role.Topics.Select(t => t.Name))}");
            await shutdown.WaitAsync();
            logger.LogInformation("Shutting down the embedded cluster");
        }

        return 0;
    }
}
