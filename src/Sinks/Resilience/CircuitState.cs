namespace MetricStream.Sinks.Resilience;

/// <summary>State of a sink's circuit breaker (InfluxDB targets, the webhook notifier).</summary>
public enum CircuitState
{
    /// <summary>Requests flow.</summary>
    Closed,

    /// <summary>The destination failed repeatedly: no requests until the open period ends.</summary>
    Open,

    /// <summary>The open period ended: one probe request decides between closed and open.</summary>
    HalfOpen,
}
