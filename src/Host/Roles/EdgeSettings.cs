namespace MetricStream.Host.Roles;

/// <summary>Configuration section <c>Edge</c>: the edge ingester.</summary>
internal sealed class EdgeSettings
{
    public const string Section = "Edge";

    /// <summary>Listen URL. Default <c>http://127.0.0.1:8080</c>.</summary>
    public string Listen { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Kafka bootstrap servers. Required.</summary>
    public string? Bootstrap { get; set; }

    /// <summary>Schema registry URL. Required.</summary>
    public string? Registry { get; set; }

    /// <summary>The API key file (see <c>metricstream keys add</c>). Required.</summary>
    public string? ApiKeys { get; set; }

    /// <summary>Output topic. Default <c>metrics.points</c>.</summary>
    public string Topic { get; set; } = "metrics.points";

    /// <summary>Partitions when the edge creates the topic. Default 6.</summary>
    public int Partitions { get; set; } = 6;

    /// <summary>Replication factor when the edge creates the topic. Default 3.</summary>
    public short ReplicationFactor { get; set; } = 3;

    /// <summary>JSON file keeping tenants' admission policies across restarts; none when unset.</summary>
    public string? PoliciesFile { get; set; }

    /// <summary>JSON file with the default policy set (<c>{ "token-bucket": { ... } }</c>); no limits when unset.</summary>
    public string? DefaultPoliciesFile { get; set; }

    /// <summary>Largest request body as sent, in bytes. Default 10 MiB.</summary>
    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Largest request body after decompression, in bytes. Default 64 MiB.</summary>
    public long MaxDecompressedBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// Directory of the durable spool: while Kafka is unavailable, requests are appended there (fsync'd before
    /// the 2xx) and replayed in order when it returns. No spool when unset (Kafka down means 503).
    /// </summary>
    public string? Spool { get; set; }

    /// <summary>Largest spool on disk, in bytes; a full spool answers 503. Default 1 GiB.</summary>
    public long SpoolMaxBytes { get; set; } = 1024L * 1024 * 1024;
}
