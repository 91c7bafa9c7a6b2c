using Confluent.Kafka;

namespace MetricStream.Processing.IntegrationTests.Support;

/// <summary>Committed offsets of a consumer group, read with the group's id (OffsetFetch; no join).</summary>
internal static class GroupOffsets
{
    public static List<long> Committed(string bootstrap, string group, string topic, int partitions = 3)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = group, EnableAutoCommit = false }).Build();
        var all = Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p));
        return [.. consumer.Committed(all, TimeSpan.FromSeconds(10)).OrderBy(o => o.Partition.Value).Select(o => o.Offset.Value)];
    }
}
