using Confluent.Kafka;
using MetricStream.Kafka.Consuming;
using MetricStream.Testing;

namespace MetricStream.IntegrationTests.Kafka;

[Collection(KafkaCollection.Name)]
public class ConsumerGroupTests(EmbeddedKafkaFixture kafka)
{
    [Fact]
    public async Task TwoConsumersInOneGroup_SplitPartitionsAndBothCommitsStick()
    {
        const int Partitions = 6;
        const int Count = 6_000;
        var topic = kafka.CreateTopic("group", Partitions);
        var group = $"group-{Guid.NewGuid():N}";
        var settings = new ConsumerSettings { BootstrapServers = kafka.BootstrapServers, GroupId = group };
        using var first = ConsumerDefaults.Create(settings with { ClientId = "first" });
        using var second = ConsumerDefaults.Create(settings with { ClientId = "second" });
        first.Subscribe(topic);
        second.Subscribe(topic);
        var members = new[] { first, second };
        var consumed = new Dictionary<IConsumer<byte[]?, byte[]>, int> { [first] = 0, [second] = 0 };

        void Drain()
        {
            foreach (var consumer in members)
            {
                for (var n = 0; n < 1_000 && consumer.Consume(TimeSpan.FromMilliseconds(20)) is { } result; n++)
                {
                    consumer.StoreOffset(result);
                    consumed[consumer]++;
                }
            }
        }

        // The group settles first, so no rebalance can hand a partition over half-read.
        await Poll.UntilAsync(
            () =>
            {
                Drain();
                return first.Assignment.Count > 0 && second.Assignment.Count > 0 && first.Assignment.Count + second.Assignment.Count == Partitions;
            },
            "two members sharing all partitions",
            TimeSpan.FromSeconds(60));
        using (var producer = Records.Producer(kafka.BootstrapServers))
        {
            await Records.ProduceAsync(producer, topic, 0, Count);
        }

        await Poll.UntilAsync(
            () =>
            {
                Drain();
                return consumed[first] + consumed[second] >= Count;
            },
            "every record read by the group",
            TimeSpan.FromSeconds(60));

        first.Assignment.Select(p => p.Partition.Value).Should().NotIntersectWith(second.Assignment.Select(p => p.Partition.Value));
        consumed[first].Should().BePositive();
        consumed[second].Should().BePositive();
        (consumed[first] + consumed[second]).Should().Be(Count);

        first.Commit();
        second.Commit();

        var ends = Enumerable.Range(0, Partitions)
            .Select(p => first.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value)
            .ToArray();
        using var auditor = ConsumerDefaults.Create(settings with { ClientId = "auditor" });
        var committed = auditor.Committed(
            Enumerable.Range(0, Partitions).Select(p => new TopicPartition(topic, p)),
            TimeSpan.FromSeconds(10));

        committed.OrderBy(c => c.Partition.Value).Select(c => c.Offset.Value).Should().Equal(ends, "each member's commit covers what it read");
    }
}
