using Confluent.Kafka;
using MetricStream.Kafka.Topics;
using Microsoft.Extensions.Logging;

namespace MetricStream.Processing.State.Internal;

/// <summary>
/// Makes sure the changelog topics exist with at least as many partitions as the input topic (changelog
/// partition = input partition), compacted, replication factor min(3, brokers). Existing topics are found
/// in the cluster's metadata and used as they are. Missing ones are created with the provisioner; when
/// that fails (the embedded broker answers no CreateTopics request) a metadata request naming the topic
/// lets a broker that auto-creates topics create it, and its partition count is checked.
/// Called on the poll thread only.
/// </summary>
internal sealed class ChangelogTopics(string bootstrapServers, ITopicProvisioner provisioner, ILogger logger) : IDisposable
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);
    private readonly HashSet<string> _ensured = new(StringComparer.Ordinal);
    private IAdminClient? _admin;

    /// <exception cref="InvalidOperationException">A changelog topic cannot be created, or has fewer partitions than the input topic.</exception>
    public void Ensure(IReadOnlyList<string> topics, string inputTopic)
    {
        if (topics.All(_ensured.Contains))
        {
            return;
        }

        _admin ??= new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var cluster = _admin.GetMetadata(MetadataTimeout);
        var partitions = cluster.Topics.Single(t => t.Topic == inputTopic).Partitions.Count;
        var replication = (short)Math.Clamp(cluster.Brokers.Count, 1, 3);
        var missing = topics.Where(t => !_ensured.Contains(t) && Partitions(cluster, t) == 0).ToList();
        if (missing.Count > 0)
        {
            Create(missing, partitions, replication);
            cluster = _admin.GetMetadata(MetadataTimeout);
        }

        foreach (var topic in topics.Where(t => !_ensured.Contains(t)))
        {
            var existing = Partitions(cluster, topic);
            if (existing < partitions)
            {
                throw new InvalidOperationException(
                    existing == 0
                        ? $"changelog topic '{topic}' does not exist and could not be created; create it with {partitions} partitions (cleanup.policy=compact)"
                        : $"changelog topic '{topic}' has {existing} partitions but input topic '{inputTopic}' has {partitions}; a changelog needs one partition per input partition");
            }

            _ensured.Add(topic);
        }
    }

    public void Dispose() => _admin?.Dispose();

    private static int Partitions(Metadata cluster, string topic) =>
        cluster.Topics.SingleOrDefault(t => t.Topic == topic) is { Error.IsError: false } metadata ? metadata.Partitions.Count : 0;

    private void Create(List<string> topics, int partitions, short replication)
    {
        try
        {
            provisioner.EnsureAsync([.. topics.Select(t => new TopicSpec(t, partitions, replication, CleanupPolicy.Compact, new Dictionary<string, string>()))])
                .GetAwaiter().GetResult();
            logger.LogInformation("Created changelog topics {Topics} ({Partitions} partitions)", string.Join(", ", topics), partitions);
        }
        catch (Exception ex) when (ex is KafkaException or InvalidOperationException or TimeoutException)
        {
            logger.LogWarning("Could not create changelog topics {Topics} ({Reason}); relying on the broker's topic auto-creation", string.Join(", ", topics), ex.Message);
            foreach (var topic in topics)
            {
                // A metadata request naming the topic: brokers with auto-creation enabled create it.
                _ = _admin!.GetMetadata(topic, MetadataTimeout);
            }
        }
    }
}
