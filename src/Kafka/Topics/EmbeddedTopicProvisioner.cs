using MetricStream.Kafka.Embedded;

namespace MetricStream.Kafka.Topics;

/// <summary>
/// Provisions topics on the <see cref="EmbeddedKafkaCluster"/> through its own topic-create call (the mock
/// answers no CreateTopics request). Cleanup policies and configs are accepted but the mock ignores them.
/// </summary>
public sealed class EmbeddedTopicProvisioner(EmbeddedKafkaCluster cluster) : ITopicProvisioner
{
    /// <inheritdoc />
    public Task<IReadOnlyList<string>> EnsureAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var created = new List<string>();
        foreach (var topic in topics)
        {
            cancellationToken.ThrowIfCancellationRequested();
            cluster.CreateTopic(topic.Name, topic.Partitions, topic.ReplicationFactor);
            created.Add(topic.Name);
        }

        return Task.FromResult<IReadOnlyList<string>>(created);
    }
}
