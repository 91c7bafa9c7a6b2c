using MetricStream.Testing;

namespace MetricStream.IntegrationTests.Kafka;

[Collection(KafkaCollection.Name)]
public class ProduceConsumeTests(EmbeddedKafkaFixture kafka)
{
    private const int Count = 100_000;

    [Fact]
    public async Task Produce100k_ConsumerGroupReadsThemAll_CountAndContentEqual()
    {
        var topic = kafka.CreateTopic("roundtrip", partitions: 6);
        using (var producer = Records.Producer(kafka.BootstrapServers))
        {
            await Records.ProduceAsync(producer, topic, 0, Count);
        }

        var read = Records.ConsumeAll(kafka.BootstrapServers, topic, Count);

        read.Should().HaveCount(Count);
        // Sorted comparison: order across partitions is not defined, and an unordered equivalence check is O(n^2).
        var expected = Enumerable.Range(0, Count).Select(i => $"{Records.Key(i)}|{Records.Value(i)}").Order(StringComparer.Ordinal);
        read.Select(r => $"{r.Key}|{r.Value}").Order(StringComparer.Ordinal).Should().Equal(expected, "every acknowledged record comes back once, unchanged");
    }

    [Fact]
    public async Task Produce_SameKey_KeepsOrderWithinPartition()
    {
        var topic = kafka.CreateTopic("order", partitions: 6);
        using (var producer = Records.Producer(kafka.BootstrapServers))
        {
            var pending = Enumerable.Range(0, 5_000).Select(i => producer.ProduceAsync(topic, new Confluent.Kafka.Message<byte[]?, byte[]>
            {
                Key = "one-series"u8.ToArray(),
                Value = BitConverter.GetBytes(i),
            })).ToList();
            await Task.WhenAll(pending);
        }

        var read = Records.ConsumeAll(kafka.BootstrapServers, topic, 5_000);

        read.Select(r => r.Value).Should().Equal(Enumerable.Range(0, 5_000).Select(i => System.Text.Encoding.UTF8.GetString(BitConverter.GetBytes(i))));
    }
}
