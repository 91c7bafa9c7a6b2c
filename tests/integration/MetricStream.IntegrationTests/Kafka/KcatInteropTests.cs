using MetricStream.Testing;

namespace MetricStream.IntegrationTests.Kafka;

[Collection(KafkaCollection.Name)]
public class KcatInteropTests(EmbeddedKafkaFixture kafka)
{
    private const int Count = 100_000;

    [Fact]
    public async Task Produce100k_KcatInAnotherProcess_ReadsThemAll()
    {
        var topic = kafka.CreateTopic("kcat", partitions: 6);
        using (var producer = Records.Producer(kafka.BootstrapServers))
        {
            await Records.ProduceAsync(producer, topic, 0, Count);
        }

        var (exit, output, errors) = await ChildProcess.RunAsync(
            "kcat",
            ["-C", "-b", kafka.BootstrapServers, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%k\t%s\n"],
            TimeSpan.FromSeconds(120));

        exit.Should().Be(0, errors);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(Count);
        lines.Order(StringComparer.Ordinal).Should().Equal(
            Enumerable.Range(0, Count).Select(i => $"{Records.Key(i)}\t{Records.Value(i)}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task KcatMetadata_ListsEveryBroker()
    {
        var (exit, output, errors) = await ChildProcess.RunAsync("kcat", ["-L", "-b", kafka.BootstrapServers]);

        exit.Should().Be(0, errors);
        output.Should().Contain(" 3 brokers:");
        foreach (var address in kafka.BootstrapServers.Split(','))
        {
            output.Should().Contain($"at {address}");
        }
    }
}
