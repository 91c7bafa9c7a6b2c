using MetricStream.Edge;
using MetricStream.Host.Roles;
using MetricStream.Processing.Runtime;
using Microsoft.Extensions.Logging;

namespace MetricStream.Host.Admin;

/// <summary>
/// What a process's admin listener can reach: the roles running in this process (null when the role runs
/// elsewhere) and the addresses of the shared servers.
/// </summary>
internal sealed record AdminContext
{
    /// <summary>Kafka bootstrap servers.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>The schema registry.</summary>
    public required Uri RegistryUrl { get; init; }

    /// <summary>The topologies directory the processing role loaded.</summary>
    public string? TopologiesDirectory { get; init; }

    /// <summary>The edge in this process, or null.</summary>
    public EdgeServer? Edge { get; init; }

    /// <summary>The streams applications in this process (empty when processing runs elsewhere).</summary>
    public IReadOnlyList<StreamsApplication> Applications { get; init; } = [];

    /// <summary>The InfluxDB sink in this process, or null.</summary>
    public InfluxSinkRole? Sinks { get; init; }

    /// <summary>The webhook notifiers in this process, or null.</summary>
    public WebhookRole? Webhooks { get; init; }

    /// <summary>The API key file (tenants with keys are listed by the tenants API), or null.</summary>
    public string? ApiKeysFile { get; init; }

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Logging.</summary>
    public required ILoggerFactory Logs { get; init; }
}
