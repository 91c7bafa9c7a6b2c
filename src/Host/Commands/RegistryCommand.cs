using System.CommandLine;
using Confluent.Kafka;
using MetricStream.Host.Cli;
using MetricStream.Host.Roles;
using MetricStream.Kafka.Topics;
using MetricStream.SchemaRegistry.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace MetricStream.Host.Commands;

/// <summary><c>metricstream registry</c>: the Confluent-compatible schema registry, until SIGINT or SIGTERM.</summary>
internal static class RegistryCommand
{
    public static Command Create()
    {
        var bootstrap = new Option<string>("--bootstrap") { Description = "Kafka bootstrap servers (host:port,...) of the cluster holding the schemas topic (required)" };
        var listen = new Option<string>("--listen") { Description = "URL to listen on, http only [default: http://127.0.0.1:8081]" };
        var schemasTopic = new Option<string>("--schemas-topic") { Description = "Topic holding every registration, 1 partition [default: _schemas]" };
        var createTopic = new Option<bool>("--create-topic") { Description = "Create the schemas topic (1 partition, compacted) if it is missing, with the Kafka Admin API" };
        var replicationFactor = new Option<short>("--replication-factor") { Description = "Replication factor of a topic created by --create-topic [default: 3]" };
        var command = new Command(
            "registry",
            "Run the schema registry (Confluent REST API, Avro) until SIGINT/SIGTERM. Registrations are stored in a Kafka topic "
            + "and read back at startup, so a restarted registry keeps every id. Run one registry per schemas topic.")
        {
            bootstrap,
            listen,
            schemasTopic,
            createTopic,
            replicationFactor,
        };
        var keys = new Dictionary<Option, string>
        {
            [bootstrap] = $"{RegistrySettings.Section}:Bootstrap",
            [listen] = $"{RegistrySettings.Section}:Listen",
            [schemasTopic] = $"{RegistrySettings.Section}:SchemasTopic",
            [createTopic] = $"{RegistrySettings.Section}:CreateTopic",
            [replicationFactor] = $"{RegistrySettings.Section}:ReplicationFactor",
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, keys, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, IReadOnlyDictionary<Option, string> keys, CancellationToken cancellationToken)
    {
        var configuration = HostConfiguration.Build(parse, keys);
        var settings = configuration.GetSection(RegistrySettings.Section).Get<RegistrySettings>() ?? new RegistrySettings();
        using var logs = Logs.Create(configuration);
        var logger = logs.CreateLogger("registry");
        if (string.IsNullOrWhiteSpace(settings.Bootstrap))
        {
            await Console.Error.WriteLineAsync("error: --bootstrap is required (the Kafka cluster holding the schemas topic)");
            return 2;
        }

        if (!Uri.TryCreate(settings.Listen, UriKind.Absolute, out var listenUrl) || listenUrl.Scheme != Uri.UriSchemeHttp)
        {
            await Console.Error.WriteLineAsync($"error: --listen must be an http URL such as http://127.0.0.1:8081 (got '{settings.Listen}')");
            return 2;
        }

        using var shutdown = new ShutdownSignal(cancellationToken);
        EmbeddedRegistryServer server;
        try
        {
            server = await EmbeddedRegistryServer.StartAsync(
                new RegistryServerOptions
                {
                    BootstrapServers = settings.Bootstrap,
                    ListenUrl = listenUrl,
                    SchemasTopic = settings.SchemasTopic,
                    TopicProvisioner = settings.CreateTopic ? new AdminTopicProvisioner(settings.Bootstrap) : null,
                    ReplicationFactor = settings.ReplicationFactor,
                    LoggerFactory = logs,
                },
                shutdown.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException or IOException or TimeoutException or KafkaException)
        {
            // Topic missing or misshapen, listen address in use, Kafka unreachable, or a log record we cannot read.
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }

        await using (server)
        {
            Console.WriteLine($"registry: {server.Url.ToString().TrimEnd('/')}");
            await shutdown.WaitAsync();
            logger.LogInformation("Stopping the schema registry");
        }

        return 0;
    }
}
