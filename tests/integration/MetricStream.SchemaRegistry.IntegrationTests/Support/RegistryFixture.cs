using MetricStream.Testing;

namespace MetricStream.SchemaRegistry.IntegrationTests.Support;

/// <summary>
/// One embedded broker and one registry shared by a test class whose tests use unique subjects and topics,
/// so they do not pay for a registry start each. Tests that restart or break the registry start their own.
/// </summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    /// <summary>The broker.</summary>
    public EmbeddedKafkaFixture Kafka { get; } = new();

    internal RegistryHarness Registry { get; private set; } = null!;

    public async Task InitializeAsync() => Registry = await RegistryHarness.StartAsync(Kafka);

    public async Task DisposeAsync()
    {
        await Registry.DisposeAsync();
        Kafka.Dispose();
    }
}
