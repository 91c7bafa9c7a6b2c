namespace MetricStream.Edge.Producing;

/// <summary>How producing a request's records ended.</summary>
public enum ProduceOutcome
{
    /// <summary>Kafka acknowledged every record.</summary>
    Acknowledged,

    /// <summary>Kafka is unreachable (or the breaker opened while waiting): 503.</summary>
    Unavailable,

    /// <summary>The producer's queue stayed full past its bound: 503.</summary>
    Backpressure,

    /// <summary>Acknowledgements did not come within the timeout, or a delivery failed: 503.</summary>
    Failed,
}
