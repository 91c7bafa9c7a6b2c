using MetricStream.Kafka.Topics;

namespace MetricStream.Host.Roles;

/// <summary>Configuration section <c>Registry</c>: the schema registry role.</summary>
internal sealed class RegistrySettings
{
    public const string Section = "Registry";

    /// <summary>Kafka bootstrap servers of the cluster holding the schemas topic. Required.</summary>
    public string? Bootstrap { get; set; }

    /// <summary>Listen URL (http only). Default <c>http://127.0.0.1:8081</c>, Confluent's port.</summary>
    public string Listen { get; set; } = "http://127.0.0.1:8081";

    /// <summary>The topic holding the registry's state (1 partition, compacted). Default <c>_schemas</c>.</summary>
    public string SchemasTopic { get; set; } = TopicCatalog.Schemas;

    /// <summary>Create the schemas topic with the Kafka Admin API when it is missing. Default false (it must exist).</summary>
    public bool CreateTopic { get; set; }

    /// <summary>Replication factor when the topic is created. Default 3.</summary>
    public short ReplicationFactor { get; set; } = 3;
}
