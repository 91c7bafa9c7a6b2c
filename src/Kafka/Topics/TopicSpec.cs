namespace MetricStream.Kafka.Topics;

/// <summary>A topic as it should exist: name, partitions, replication, cleanup policy and extra configs.</summary>
/// <param name="Name">Topic name.</param>
/// <param name="Partitions">Partition count, at least 1.</param>
/// <param name="ReplicationFactor">Replicas per partition, at least 1 and at most the broker count.</param>
/// <param name="CleanupPolicy">Kafka cleanup policy.</param>
/// <param name="Configs">Other topic configs (<c>retention.ms</c>, <c>min.insync.replicas</c>, ...).</param>
public sealed record TopicSpec(
    string Name,
    int Partitions,
    short ReplicationFactor,
    CleanupPolicy CleanupPolicy,
    IReadOnlyDictionary<string, string> Configs)
{
    /// <summary>A delete-policy topic with no extra configs.</summary>
    public TopicSpec(string name, int partitions, short replicationFactor)
        : this(name, partitions, replicationFactor, CleanupPolicy.Delete, new Dictionary<string, string>())
    {
    }

    /// <summary>The value Kafka expects for <c>cleanup.policy</c>.</summary>
    public string CleanupPolicyValue => CleanupPolicy switch
    {
        CleanupPolicy.Compact => "compact",
        CleanupPolicy.CompactDelete => "compact,delete",
        _ => "delete",
    };

    /// <summary>Every topic config, <c>cleanup.policy</c> included, as Kafka's CreateTopics takes them.</summary>
    public IReadOnlyDictionary<string, string> AllConfigs()
    {
        var all = new Dictionary<string, string>(Configs, StringComparer.Ordinal)
        {
            ["cleanup.policy"] = CleanupPolicyValue,
        };
        return all;
    }
}
