using MetricStream.Kafka.Topics;
using Microsoft.Extensions.Logging;

namespace MetricStream.SchemaRegistry.Server;

/// <summary>Settings of an <see cref="EmbeddedRegistryServer"/>.</summary>
public sealed record RegistryServerOptions
{
    /// <summary>Kafka bootstrap servers of the cluster holding <see cref="SchemasTopic"/>. Required.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>
    /// Where to listen, e.g. <c>http://127.0.0.1:8081</c> (the default). Port 0 picks a free port;
    /// <see cref="EmbeddedRegistryServer.Url"/> tells which.
    /// </summary>
    public Uri ListenUrl { get; init; } = new("http://127.0.0.1:8081");

    /// <summary>
    /// The topic holding every registration and config change. Default <c>_schemas</c>. It must have exactly
    /// one partition (and should be compacted); one registry process writes it (single writer).
    /// </summary>
    public string SchemasTopic { get; init; } = "_schemas";

    /// <summary>
    /// Creates <see cref="SchemasTopic"/> (1 partition, compacted, <see cref="ReplicationFactor"/>) when it does
    /// not exist. When null (the default) a missing topic fails startup with a message saying how to create it.
    /// </summary>
    public ITopicProvisioner? TopicProvisioner { get; init; }

    /// <summary>Replication factor used when <see cref="TopicProvisioner"/> creates the topic. Default 3.</summary>
    public short ReplicationFactor { get; init; } = 3;

    /// <summary>Upper bound for reading the topic to its end at startup. Default 60 s.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Upper bound for Kafka to acknowledge a registration; past it the caller gets HTTP 500 (error code
    /// 50001) and the registry re-reads the topic before its next change. Default 30 s.
    /// </summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Logging; none when null.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Time source for timeouts; the system clock when null.</summary>
    public TimeProvider? TimeProvider { get; init; }
}
