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

    /// <summary>
    /// External sink providers by name (e.g. <c>influxdb</c>, see <see cref="Outputs.ExternalSinks"/>); default
    /// empty. A topology with a sink naming a provider that is not registered here fails when the
    /// <see cref="StreamsApplication"/> is created. An input offset is committed only after every external
    /// write derived from it has completed (<see cref="Outputs.IExternalSink.Write"/>).
    /// </summary>
    public IReadOnlyDictionary<string, Outputs.IExternalSinkProvider> ExternalSinks { get; init; } = new Dictionary<string, Outputs.IExternalSinkProvider>(StringComparer.Ordinal);

    /// <summary>
    /// Whether window state is backed by changelog topics <c>&lt;application id&gt;-&lt;processor&gt;-changelog</c>
    /// (one partition per input partition); default true. Each task writes a checkpoint every
    /// <see cref="CommitInterval"/> (the windows changed since the last one, then a marker with the input
    /// position) and a task that starts restores its open windows exactly as of the last complete checkpoint
    /// and resumes its input there. Input whose data sits in open windows is then committed at each
    /// checkpoint. When false, windows live in memory only and such input stays uncommitted until its
    /// windows are emitted (a new owner rebuilds them by replaying it).
    /// </summary>
    public bool EnableChangelog { get; init; } = true;

    /// <summary>
    /// Creates missing changelog topics; null (the default) uses Kafka's CreateTopics
    /// (<see cref="AdminTopicProvisioner"/>, 5 s timeout). The embedded broker answers no CreateTopics
    /// request: pass <see cref="EmbeddedTopicProvisioner"/> (otherwise the topic is auto-created by a
    /// metadata request, with the broker's default partition count, after the CreateTopics timeout).
    /// </summary>
    public ITopicProvisioner? TopicProvisioner { get; init; }

    /// <summary>
    /// Records the producer's local queue holds (outputs and changelog records not yet sent); default 200,000.
    /// When it is full a task waits (its partition stays paused) and retries; it never fails for it.
    /// </summary>
    public int ProducerQueueMaxMessages { get; init; } = 200_000;

    /// <summary>How long one produce waits for room in a full producer queue before the task backs off and retries; default 5 s.</summary>
    public TimeSpan ProducerQueueFullTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest time to read one task's changelogs on restore; default 2 minutes.</summary>
    public TimeSpan RestoreTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Logger factory; no logging when null.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
