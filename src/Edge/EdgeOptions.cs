using System.Text.Json;
using MetricStream.Edge.Admission;
using MetricStream.Edge.Producing;
using MetricStream.Edge.Tenants;
using MetricStream.Edge.Validation;
using MetricStream.Kafka.Producing;
using MetricStream.Kafka.Topics;
using MetricStream.SchemaRegistry.Client;
using Microsoft.Extensions.Logging;

namespace MetricStream.Edge;

/// <summary>Settings of an <see cref="EdgeServer"/>.</summary>
public sealed record EdgeOptions
{
    /// <summary>Where to listen, e.g. <c>http://127.0.0.1:8080</c> (the default). Port 0 picks a free port (see <see cref="EdgeServer.Url"/>).</summary>
    public Uri ListenUrl { get; init; } = new("http://127.0.0.1:8080");

    /// <summary>Kafka bootstrap servers. Required.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>
    /// The schema registry, used once at start to register <c>point-batch.avsc</c> under
    /// <c>&lt;topic&gt;-value</c>. Required unless <see cref="Registry"/> is given.
    /// </summary>
    public Uri? RegistryUrl { get; init; }

    /// <summary>A registry client to use instead of one made from <see cref="RegistryUrl"/> (not disposed by the edge).</summary>
    public ISchemaRegistryClient? Registry { get; init; }

    /// <summary>The API keys. Required.</summary>
    public required KeyStore Keys { get; init; }

    /// <summary>The output topic. Default <c>metrics.points</c>.</summary>
    public string Topic { get; init; } = "metrics.points";

    /// <summary>Partitions of <see cref="Topic"/> when the edge creates it. Default 6.</summary>
    public int TopicPartitions { get; init; } = 6;

    /// <summary>Replication factor of <see cref="Topic"/> when the edge creates it. Default 3.</summary>
    public short TopicReplicationFactor { get; init; } = 3;

    /// <summary>
    /// Creates <see cref="Topic"/> when it is missing. Default (null): Kafka's CreateTopics through
    /// <see cref="AdminTopicProvisioner"/>; the embedded broker needs <see cref="EmbeddedTopicProvisioner"/>.
    /// </summary>
    public ITopicProvisioner? TopicProvisioner { get; init; }

    /// <summary>Body, line, point and timestamp limits.</summary>
    public IngestLimits Limits { get; init; } = IngestLimits.Default;

    /// <summary>The admission policies known by name. Default <see cref="AdmissionPolicyRegistry.CreateDefault"/>.</summary>
    public AdmissionPolicyRegistry? PolicyRegistry { get; init; }

    /// <summary>
    /// The policy set of tenants without their own, as JSON, e.g.
    /// <c>{ "token-bucket": { "pointsPerSecond": 100000, "burst": 200000 } }</c>. Default none (no limits).
    /// </summary>
    public JsonElement? DefaultPolicies { get; init; }

    /// <summary>A JSON file keeping tenants' own policies across restarts (written on every change); null keeps them in memory.</summary>
    public string? PoliciesFile { get; init; }

    /// <summary>
    /// Producer tuning; <see cref="ProducerSettings.BootstrapServers"/> is replaced by <see cref="BootstrapServers"/>.
    /// Default: the shared producer defaults with client id <c>metricstream-edge</c> and a 1 ms linger (a request
    /// waits for its acknowledgements, so linger is added to every request's latency; concurrent requests still
    /// share batches).
    /// </summary>
    public ProducerSettings? Producer { get; init; }

    /// <summary>
    /// The longest a request waits for Kafka's acknowledgements before it is answered 503 (the records may
    /// still be delivered: the client's retry can duplicate them, which the idempotent sink absorbs). Also
    /// opens the circuit breaker for <see cref="BreakDuration"/>. Default 10 s.
    /// </summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a request may wait while no record at all (of any request) is acknowledged before the edge
    /// probes the brokers (<see cref="BrokerProbe"/>). Only when no broker is reachable is the request answered
    /// 503 and the circuit breaker opened; this catches an unreachable cluster before librdkafka reports every
    /// broker down (which can take one to two seconds). When a broker is reachable, the stall is a slow broker,
    /// a cold producer's first round trips or an overloaded machine, and the request keeps waiting up to
    /// <see cref="AckTimeout"/>. Must be shorter than <see cref="AckTimeout"/> to matter. Default 500 ms.
    /// </summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Decides, after a stall, whether any broker is still reachable. Default (null): a TCP probe of the
    /// bootstrap servers and the brokers of the last metadata answer (a connection that opens and stays open
    /// means reachable; refused, reset or closed at once means not).
    /// </summary>
    public IBrokerProbe? BrokerProbe { get; init; }

    /// <summary>
    /// Directory of the durable spool; none when null (Kafka unavailable means 503). With a spool, a request that
    /// finds the circuit breaker open, or that the producer refuses before queuing anything, is appended there
    /// (fsync'd) and answered 2xx; while the spool holds unacknowledged requests, new requests queue behind them
    /// (per-series order); a background replayer produces them in order once Kafka is back and deletes what
    /// Kafka acknowledged. A spool left by a previous run is replayed at start. One edge process per directory.
    /// </summary>
    public string? SpoolDirectory { get; init; }

    /// <summary>The spool's size bound; a request that does not fit is answered 503 + Retry-After. Default 1 GiB.</summary>
    public long SpoolMaxBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>How long the circuit breaker stays open after a produce failure, stall or timeout before it lets requests try again. Default 2 s.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The <c>Retry-After</c> of 503 answers while Kafka is unavailable or the producer queue is full. Default 1 s.</summary>
    public TimeSpan UnavailableRetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a stop waits for in-flight requests to finish. Default 30 s.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long start-up may take to reach Kafka and the registry. Default 60 s.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Clock for rate limits, timestamps and timeouts; the system clock when null.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Logging; none when null.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
