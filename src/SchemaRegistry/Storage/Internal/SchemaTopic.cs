using Confluent.Kafka;
using MetricStream.Kafka.Topics;

namespace MetricStream.SchemaRegistry.Storage.Internal;

/// <summary>
/// Makes sure the registry's topic exists with exactly one partition (the log must be totally ordered).
/// A missing topic is created through the provisioner when one is given; otherwise startup fails and says
/// how to create it.
/// </summary>
internal static class SchemaTopic
{
    public static async Task EnsureAsync(
        string bootstrapServers,
        string topic,
        ITopicProvisioner? provisioner,
        short replicationFactor,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var partitions = await Task.Run(() => PartitionCount(bootstrapServers, topic, timeout), cancellationToken).ConfigureAwait(false);
        if (partitions == 0 && provisioner is not null)
        {
            var spec = new TopicSpec(topic, 1, replicationFactor, CleanupPolicy.Compact, new Dictionary<string, string>());
            await provisioner.EnsureAsync([spec], cancellationToken).ConfigureAwait(false);
            partitions = await Task.Run(() => PartitionCount(bootstrapServers, topic, timeout), cancellationToken).ConfigureAwait(false);
        }

        if (partitions == 0)
        {
            throw new InvalidOperationException(
                $"The schema registry's topic '{topic}' does not exist on {bootstrapServers}; create it with 1 partition and cleanup.policy=compact");
        }

        if (partitions != 1)
        {
            throw new InvalidOperationException(
                $"The schema registry's topic '{topic}' has {partitions} partitions; it must have exactly 1 so that registrations are totally ordered");
        }
    }

    private static int PartitionCount(string bootstrapServers, string topic, TimeSpan timeout)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig
        {
            BootstrapServers = bootstrapServers,
            ClientId = "metricstream-schema-registry",
        }).Build();
        // Ask for every topic: a request naming a missing topic makes brokers with auto-creation on (and the
        // embedded mock) create it with their default partition count.
        var metadata = admin.GetMetadata(timeout);
        var found = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
        return found is null || found.Error.IsError ? 0 : found.Partitions.Count;
    }
}
