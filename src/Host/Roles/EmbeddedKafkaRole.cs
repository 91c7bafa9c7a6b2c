using MetricStream.Kafka.Embedded;
using MetricStream.Kafka.Topics;
using Microsoft.Extensions.Logging;

namespace MetricStream.Host.Roles;

/// <summary>The embedded broker with the configured topics, and its bootstrap file.</summary>
internal sealed class EmbeddedKafkaRole : IDisposable
{
    private readonly KafkaDevSettings _settings;

    private EmbeddedKafkaRole(EmbeddedKafkaCluster cluster, KafkaDevSettings settings, IReadOnlyList<TopicSpec> topics)
    {
        Cluster = cluster;
        _settings = settings;
        Topics = topics;
    }

    public EmbeddedKafkaCluster Cluster { get; }

    public IReadOnlyList<TopicSpec> Topics { get; }

    public static async Task<EmbeddedKafkaRole> StartAsync(KafkaDevSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        var topics = settings.TopicsConfig is { Length: > 0 } file
            ? TopicsConfigParser.ParseFile(file)
            : TopicCatalog.Defaults(settings.Partitions, (short)Math.Min(3, settings.Brokers));
        var cluster = EmbeddedKafkaCluster.Start(settings.Brokers);
        try
        {
            await new EmbeddedTopicProvisioner(cluster).EnsureAsync(topics, cancellationToken);
            logger.LogInformation(
                "Embedded Kafka: {Brokers} brokers at {Bootstrap}; topics {Topics}",
                settings.Brokers,
                cluster.BootstrapServers,
                string.Join(", ", topics.Select(t => $"{t.Name}({t.Partitions})")));
            if (settings.BootstrapFile is { Length: > 0 } path)
            {
                // Write then rename, so a reader polling for the file never sees half of it.
                var temp = path + ".tmp";
                await File.WriteAllTextAsync(temp, cluster.BootstrapServers + "\n", cancellationToken);
                File.Move(temp, path, overwrite: true);
            }

            return new EmbeddedKafkaRole(cluster, settings, topics);
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_settings.BootstrapFile is { Length: > 0 } path)
        {
            // The addresses die with the cluster; leave no stale file behind.
            File.Delete(path);
        }

        Cluster.Dispose();
    }
}
