namespace MetricStream.Kafka.Producing;

/// <summary>
/// Settings for a <see cref="DurableProducer"/>. The defaults are the reviewed production defaults:
/// idempotence on, <c>acks=all</c>, lz4, a short linger so that concurrent requests share batches.
/// </summary>
public sealed record ProducerSettings
{
    /// <summary>Comma-separated bootstrap servers (<c>host:port,...</c>). Required.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>Client id shown in broker logs and metrics. Default <c>metricstream</c>.</summary>
    public string ClientId { get; init; } = "metricstream";

    /// <summary>
    /// How long librdkafka may hold a record to fill a batch. Default 5 ms: enough for requests
    /// arriving together to share a batch, short enough not to show in edge latency.
    /// </summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Upper bound for delivering one record, retries included (<c>message.timeout.ms</c>).
    /// Default 30 s. A record not acknowledged within it fails; the caller never sees a success for it.
    /// </summary>
    public TimeSpan DeliveryTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Maximum records waiting in the client's queue. Default 200,000.</summary>
    public int QueueMaxMessages { get; init; } = 200_000;

    /// <summary>Maximum kilobytes waiting in the client's queue. Default 256 MiB.</summary>
    public int QueueMaxKilobytes { get; init; } = 256 * 1024;

    /// <summary>
    /// How long <c>DurableProducer.ProduceAsync</c> waits for space when the client's queue is full
    /// before it gives up with <see cref="KafkaBackpressureException"/>. Default 5 s.
    /// </summary>
    public TimeSpan QueueFullTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// When true (the default), a produce while every broker is known to be down fails at once with
    /// <see cref="KafkaUnavailableException"/> instead of waiting up to <see cref="DeliveryTimeout"/>.
    /// Records already queued keep being retried and are delivered when a broker returns.
    /// </summary>
    public bool FailFastWhenBrokersDown { get; init; } = true;

    /// <summary>How often librdkafka reports statistics (used to learn that brokers are back). Default 1 s.</summary>
    public TimeSpan StatisticsInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Use Kafka transactions with this id (exactly-once stages). Default none.</summary>
    public string? TransactionalId { get; init; }

    /// <summary>Extra librdkafka properties, applied last; they win over every setting above.</summary>
    public IReadOnlyDictionary<string, string> Overrides { get; init; } = new Dictionary<string, string>();
}
