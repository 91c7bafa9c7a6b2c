using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.Server;
using MetricStream.Testing;

namespace MetricStream.Edge.IntegrationTests.Support;

/// <summary>An embedded 3-broker cluster and a schema registry (Kestrel on a free port) over it.</summary>
public sealed class EdgeFixture : IAsyncLifetime
{
    public EmbeddedKafkaFixture Kafka { get; } = new();

    public EmbeddedRegistryServer Registry { get; private set; } = null!;

    public SchemaRegistryClient RegistryClient { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        (Registry, RegistryClient) = await StartRegistryAsync(Kafka);
    }

    public static async Task<(EmbeddedRegistryServer Server, SchemaRegistryClient Client)> StartRegistryAsync(EmbeddedKafkaFixture kafka)
    {
        var server = await EmbeddedRegistryServer.StartAsync(new RegistryServerOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            SchemasTopic = kafka.CreateTopic("schemas", partitions: 1),
            ListenUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}"),
        });
        return (server, new SchemaRegistryClient(new SchemaRegistryClientOptions { Url = server.Url }));
    }

    public async Task DisposeAsync()
    {
        RegistryClient.Dispose();
        await Registry.DisposeAsync();
        Kafka.Dispose();
    }

    /// <summary>Starts an edge on a new topic of this fixture's cluster.</summary>
    public Task<EdgeHarness> StartEdgeAsync(Func<EdgeOptions, EdgeOptions>? configure = null, int partitions = 3) =>
        EdgeHarness.StartAsync(Kafka, Registry.Url, RegistryClient, configure, partitions);
}
