using Confluent.Kafka;

namespace MetricStream.FaultTests.Ledger;

/// <summary>
/// Reads every record of a topic, from the beginning of each partition up to its end offset at the time of
/// the call, with a plain Confluent.Kafka consumer (manual assignment, no group, nothing committed).
/// </summary>
internal static class TopicSnapshot
{
    /// <summary>Returns the values of every record in <paramref name="topic"/>, partition by partition.</summary>
    public static List<byte[]> ReadAll(string bootstrapServers, string topic, TimeSpan timeout)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var metadata = admin.GetMetadata(topic, timeout);
        var partitions = metadata.Topics.Single().Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        var values = new List<byte[]>();
        if (partitions.Count == 0)
        {
            return values;
        }

        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "ledger-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            IsolationLevel = IsolationLevel.ReadCommitted,
        };
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(config).Build();
        var ends = partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, timeout).High.Value);
        var pending = ends.Where(e => e.Value > 0).Select(e => e.Key).ToHashSet();
        consumer.Assign(pending.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (pending.Count > 0)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"reading {topic}: partitions {string.Join(",", pending.Select(p => p.Partition.Value))} not read to their end in {timeout.TotalSeconds:0} s");
            }

            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null || result.IsPartitionEOF)
            {
                continue;
            }

            values.Add(result.Message.Value);
            if (result.Offset.Value + 1 >= ends[result.TopicPartition])
            {
                pending.Remove(result.TopicPartition);
            }
        }

        return values;
    }
}
