namespace MetricStream.Kafka.Consuming;

/// <summary>
/// Settings for consumers. The defaults suit at-least-once processing: nothing is committed
/// automatically; the owner commits offsets after its outputs are acknowledged.
/// </summary>
public sealed record ConsumerSettings
{
    /// <summary>Comma-separated bootstrap servers. Required.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>Consumer group id (the application id for processing). Required.</summary>
    public required string GroupId { get; init; }

    /// <summary>Client id shown in broker logs. Default <c>metricstream</c>.</summary>
    public string ClientId { get; init; } = "metricstream";

    /// <summary>Where a group with no committed offset starts. Default earliest: no point is skipped.</summary>
    public bool StartFromEarliest { get; init; } = true;

    /// <summary>Session timeout: how long a silent member keeps its partitions. Default 10 s.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Heartbeat interval; a third of <see cref="SessionTimeout"/> or less. Default 3 s.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Maximum time between polls before the member is considered stuck. Default 5 minutes.</summary>
    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Read only committed transactional records. Default true.</summary>
    public bool ReadCommitted { get; init; } = true;

    /// <summary>Bound on prefetched data per partition queue, in kilobytes. Default 64 MiB.</summary>
    public int QueuedMaxKilobytes { get; init; } = 64 * 1024;

    /// <summary>Extra librdkafka properties, applied last.</summary>
    public IReadOnlyDictionary<string, string> Overrides { get; init; } = new Dictionary<string, string>();
}
