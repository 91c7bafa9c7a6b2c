using Confluent.Kafka;
using MetricStream.Kafka.Producing;

namespace MetricStream.Kafka.Tests.Producing;

public class ProducerDefaultsTests
{
    private static readonly ProducerSettings Settings = new() { BootstrapServers = "127.0.0.1:9092" };

    [Fact]
    public void Build_Defaults_AreIdempotentWithAcksAll()
    {
        var config = ProducerDefaults.Build(Settings);

        config.EnableIdempotence.Should().BeTrue();
        config.Acks.Should().Be(Acks.All);
        config.MaxInFlight.Should().BeLessThanOrEqualTo(5, "idempotence keeps order only with at most 5 in flight");
    }

    [Fact]
    public void Build_Defaults_UseLz4AndShortLinger()
    {
        var config = ProducerDefaults.Build(Settings);

        config.CompressionType.Should().Be(CompressionType.Lz4);
        config.LingerMs.Should().Be(5);
    }

    [Fact]
    public void Build_Defaults_BoundQueueAndDeliveryTime()
    {
        var config = ProducerDefaults.Build(Settings);

        config.QueueBufferingMaxMessages.Should().Be(200_000);
        config.QueueBufferingMaxKbytes.Should().Be(256 * 1024);
        config.MessageTimeoutMs.Should().Be(30_000);
        config.StatisticsIntervalMs.Should().Be(1000, "statistics tell the producer that brokers are back");
    }

    [Fact]
    public void Build_SettingsChanged_AreApplied()
    {
        var config = ProducerDefaults.Build(Settings with
        {
            Linger = TimeSpan.FromMilliseconds(20),
            DeliveryTimeout = TimeSpan.FromSeconds(7),
            ClientId = "edge-1",
            TransactionalId = "tx-1",
        });

        config.LingerMs.Should().Be(20);
        config.MessageTimeoutMs.Should().Be(7000);
        config.ClientId.Should().Be("edge-1");
        config.TransactionalId.Should().Be("tx-1");
        config.BootstrapServers.Should().Be("127.0.0.1:9092");
    }

    [Fact]
    public void Build_Overrides_WinOverSettings()
    {
        var config = ProducerDefaults.Build(Settings with
        {
            Overrides = new Dictionary<string, string> { ["compression.type"] = "zstd", ["linger.ms"] = "50" },
        });

        config.CompressionType.Should().Be(CompressionType.Zstd);
        config.LingerMs.Should().Be(50);
    }
}
