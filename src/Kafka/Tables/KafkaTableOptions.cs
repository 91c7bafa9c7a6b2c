using MetricStream.Kafka.Topics;

namespace MetricStream.Kafka.Tables;

/// <summary>Where a <see cref="KafkaTable{TValue}"/> reads from, and how it creates its topic when missing.</summary>
public sealed record KafkaTableOptions
{
    /// <summary>Comma-separated bootstrap servers. Required.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>The table's topic (e.g. <c>alert-rules</c>): record key = table key (UTF-8), value = the row, null = delete. Required.</summary>
    public required string Topic { get; init; }

    /// <summary>
    /// Creates the topic (compacted, <see cref="Partitions"/> x <see cref="ReplicationFactor"/>) when it is missing.
    /// Default null: the topic must exist, and start fails after <see cref="StartTimeout"/> when it does not appear.
    /// </summary>
    public ITopicProvisioner? Provisioner { get; init; }

    /// <summary>Partitions of a topic the table creates. Default 1 (tables are small; order across keys is then total).</summary>
    public int Partitions { get; init; } = 1;

    /// <summary>Replication factor of a topic the table creates. Default 3.</summary>
    public short ReplicationFactor { get; init; } = 3;

    /// <summary>Client id shown in broker logs. Default <c>metricstream-table</c>.</summary>
    public string ClientId { get; init; } = "metricstream-table";

    /// <summary>How long start waits for the topic's metadata (and its creation). Default 30 s.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The time source for start-up waits. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Extra librdkafka consumer properties, applied last.</summary>
    public IReadOnlyDictionary<string, string> ConsumerOverrides { get; init; } = new Dictionary<string, string>();

    /// <summary>The compacted topic the table creates when missing.</summary>
    public TopicSpec TopicSpec() => new(Topic, Partitions, ReplicationFactor, CleanupPolicy.Compact, new Dictionary<string, string>());
}
