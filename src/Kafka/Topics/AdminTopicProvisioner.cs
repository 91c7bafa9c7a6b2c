using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace MetricStream.Kafka.Topics;

/// <summary>Provisions topics on a real Kafka cluster with the Admin API's CreateTopics.</summary>
public sealed class AdminTopicProvisioner(string bootstrapServers, TimeSpan? requestTimeout = null) : ITopicProvisioner
{
    private readonly TimeSpan _timeout = requestTimeout ?? TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> EnsureAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var specs = topics.Select(t => new TopicSpecification
        {
            Name = t.Name,
            NumPartitions = t.Partitions,
            ReplicationFactor = t.ReplicationFactor,
            Configs = t.AllConfigs().ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        }).ToList();
        if (specs.Count == 0)
        {
            return [];
        }

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        try
        {
            await admin.CreateTopicsAsync(specs, new CreateTopicsOptions { RequestTimeout = _timeout }).ConfigureAwait(false);
            return specs.Select(s => s.Name).ToList();
        }
        catch (CreateTopicsException ex)
        {
            var failed = ex.Results.Where(r => r.Error.IsError && r.Error.Code != ErrorCode.TopicAlreadyExists).ToList();
            if (failed.Count > 0)
            {
                var reasons = string.Join("; ", failed.Select(r => $"{r.Topic}: {r.Error.Reason}"));
                throw new InvalidOperationException($"Could not create Kafka topics: {reasons}", ex);
            }

            return ex.Results.Where(r => !r.Error.IsError).Select(r => r.Topic).ToList();
        }
    }
}
