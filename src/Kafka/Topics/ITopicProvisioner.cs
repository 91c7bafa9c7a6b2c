namespace MetricStream.Kafka.Topics;

/// <summary>Makes sure topics exist with the configured shape.</summary>
public interface ITopicProvisioner
{
    /// <summary>Creates each topic that does not exist; existing topics are left as they are.</summary>
    /// <returns>The names of the topics that were created.</returns>
    Task<IReadOnlyList<string>> EnsureAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken = default);
}
