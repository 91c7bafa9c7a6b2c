using MetricStream.Sinks.Routing;

namespace MetricStream.Sinks.InfluxDB;

/// <summary>Configuration of an <see cref="InfluxSink"/>. Defaults suit a local influxd.</summary>
public sealed class InfluxSinkOptions
{
    /// <summary>The write API. Default <see cref="InfluxApiVersion.V1"/>.</summary>
    public InfluxApiVersion Api { get; init; } = InfluxApiVersion.V1;

    /// <summary>The servers; at least one. Routing picks one per tenant (<see cref="RoutingStrategy"/>).</summary>
    public required IReadOnlyList<InfluxTargetOptions> Targets { get; init; }

    /// <summary>Destination name to database + retention policy (V1) or bucket (V2). Default <see cref="InfluxDestinationOptions.Defaults"/>.</summary>
    public IReadOnlyDictionary<string, InfluxDestinationOptions> Destinations { get; init; } = InfluxDestinationOptions.Defaults();

    /// <summary>V1: create databases and retention policies on start. Default true.</summary>
    public bool Provision { get; init; } = true;

    /// <summary>The routing strategy's registered name (<see cref="InfluxRoutingRegistry"/>). Default <c>tenant-hash</c>.</summary>
    public string RoutingStrategy { get; init; } = TenantHashRouting.Name;

    /// <summary>A batch is sent when it holds this many lines. Default 5,000.</summary>
    public int BatchMaxLines { get; init; } = 5000;

    /// <summary>A batch is sent when it holds this many bytes (uncompressed). Default 4 MiB.</summary>
    public int BatchMaxBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>A batch is sent at most this long after its first line, however small. Default 1 s.</summary>
    public TimeSpan BatchLinger { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Compress request bodies with gzip (about 8x smaller line protocol). Default true. Targets on this host
    /// (loopback address or <c>localhost</c>) are sent uncompressed unless <see cref="GzipLoopback"/> is set.
    /// </summary>
    public bool Gzip { get; init; } = true;

    /// <summary>
    /// Also compress for loopback targets. Default false: there is no network to save, and compressing here
    /// and decompressing in influxd costs CPU the influxd on the same host needs (bench/sink: influxd used
    /// ~5% less CPU per line without it). Ignored when <see cref="Gzip"/> is false.
    /// </summary>
    public bool GzipLoopback { get; init; }

    /// <summary>Requests in flight per target at most. Default 4.</summary>
    public int MaxConcurrentRequestsPerTarget { get; init; } = 4;

    /// <summary>One request's timeout; a timeout is retried like a 5xx. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The first retry's delay before jitter; it doubles per attempt up to <see cref="RetryMaxDelay"/>. Default 200 ms.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest retry delay (a <c>Retry-After</c> may ask for longer and is honoured). Default 10 s.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Consecutive failed requests to a target that open its circuit breaker. Default 5.</summary>
    public int BreakerFailureThreshold { get; init; } = 5;

    /// <summary>How long an open breaker refuses requests before one probe may go. Default 5 s.</summary>
    public TimeSpan BreakerOpenDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long <see cref="InfluxSink.DisposeAsync"/> keeps trying to store queued lines before it gives up. Default 30 s.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The time source for batching, backoff and the breaker. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Checks the options; throws <see cref="ArgumentException"/> naming the first problem.</summary>
    public void Validate()
    {
        if (Targets.Count == 0)
        {
            throw new ArgumentException("at least one InfluxDB target is required");
        }

        if (Targets.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count() != Targets.Count)
        {
            throw new ArgumentException("InfluxDB target names must be unique");
        }

        if (Destinations.Count == 0)
        {
            throw new ArgumentException("at least one destination is required");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(BatchMaxLines, 1, nameof(BatchMaxLines));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchMaxBytes, 1024, nameof(BatchMaxBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentRequestsPerTarget, 1, nameof(MaxConcurrentRequestsPerTarget));
        ArgumentOutOfRangeException.ThrowIfLessThan(BreakerFailureThreshold, 1, nameof(BreakerFailureThreshold));
        if (Api == InfluxApiVersion.V2 && Targets.Any(t => string.IsNullOrEmpty(t.Organization)))
        {
            throw new ArgumentException("V2 targets need an Organization");
        }
    }
}
