using MetricStream.Kafka.Topics;
using Microsoft.Extensions.Logging;

namespace MetricStream.Processing.Runtime;

/// <summary>How a <see cref="StreamsApplication"/> connects and how its tasks are bounded.</summary>
public sealed record StreamsApplicationOptions
{
    /// <summary>Kafka bootstrap servers, e.g. <c>127.0.0.1:9092</c>.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>Schema registry base URL; output schemas are registered there and input schema ids looked up.</summary>
    public required Uri RegistryUrl { get; init; }

    /// <summary>
    /// The consumer group, shared by every instance of the application. Null (the default) uses the
    /// topology's name, as Kafka Streams uses <c>application.id</c>.
    /// </summary>
    public string? ApplicationId { get; init; }

    /// <summary>Client id of the consumer and producer; default <c>metricstream-process</c>.</summary>
    public string ClientId { get; init; } = "metricstream-process";

    /// <summary>Topic for records that cannot be decoded or processed; default <c>metrics.dead-letters</c>.</summary>
    public string DeadLetterTopic { get; init; } = TopicCatalog.DeadLetters;

    /// <summary>
    /// Records each of a task's two dataflow blocks (decode, process) holds; default 256. When a task's
    /// input is full its partition is paused until it drains, so memory per task stays bounded.
    /// </summary>
    public int TaskInputCapacity { get; init; } = 256;

    /// <summary>
    /// Processed records per task whose outputs Kafka has not acknowledged yet before the task waits for the
    /// oldest acknowledgement; default 100,000. (Records held back from commit only because their data is in an
    /// open window do not count: they cost window state, not producer memory.)
    /// </summary>
    public int MaxUnacknowledgedRecords { get; init; } = 100_000;

    /// <summary>How often each task applies the wall-clock idle rule; default 1 s.</summary>
    public TimeSpan WallClockInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often committable offsets are committed; default 1 s. Revocation and shutdown always commit.</summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait of one consume call; the poll thread sleeps in it when no data flows; default 100 ms.</summary>
    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Consumer session timeout (how fast a dead instance's partitions move); default 10 s.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Wall clock for idle close, timers and dead-letter timestamps; the system clock when null.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Logger factory; no logging when null.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
