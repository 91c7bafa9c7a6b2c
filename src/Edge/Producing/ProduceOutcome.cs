namespace MetricStream.Edge.Producing;

/// <summary>How producing a request's records ended.</summary>
public enum ProduceOutcome
{
    /// <summary>Kafka acknowledged every record.</summary>
    Acknowledged,

    /// <summary>Kafka is unreachable (or the breaker opened while waiting) after some records were handed to the producer: 503 (they may still be delivered).</summary>
    Unavailable,

    /// <summary>Kafka is unreachable and no record of the request was handed to the producer: safe to spool, else 503.</summary>
    NotSent,

    /// <summary>The producer's queue stayed full past its bound: 503.</summary>
    Backpressure,

    /// <summary>Acknowledgements did not come within the timeout, or a delivery failed: 503.</summary>
    Failed,

    /// <summary>Kafka was unavailable (or the spool held earlier requests) and the records are fsync'd in the durable spool: 2xx.</summary>
    Spooled,

    /// <summary>The records should have gone to the spool, but it is full: 503.</summary>
    SpoolFull,
}
