using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.Server;
using MetricStream.Testing;

namespace MetricStream.Processing.IntegrationTests.Support;

/// <summary>
/// One embedded broker and one schema registry (on a free port, over its own schemas topic) shared by a
/// test class; tests use unique topics and application ids.
/// </summary>
public sealed class ProcessingFixture : IAsyncLifetime
{
    /// <summary>The broker.</summary>
    public EmbeddedKafkaFixture Kafka { get; } = new();

    /// <summary>The registry server.</summary>
    public EmbeddedRegistryServer Registry { get; private set; } = null!;

    /// <summary>A client of <see cref="Registry"/>.</summary>
    public SchemaRegistryClient Client { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var topic = Kafka.CreateTopic("schemas", partitions: 1);
        Registry = await EmbeddedRegistryServer.StartAsync(new RegistryServerOptions
        {
            BootstrapServers = Kafka.BootstrapServers,
            SchemasTopic = topic,
            ListenUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}"),
        });
        Client = new SchemaRegistryClient(new SchemaRegistryClientOptions { Url = Registry.Url });
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Registry.DisposeAsync();
        Kafka.Dispose();
    }
}
