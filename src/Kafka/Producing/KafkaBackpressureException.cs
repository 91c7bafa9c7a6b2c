namespace MetricStream.Kafka.Producing;

/// <summary>
/// The client's local queue stayed full for longer than <see cref="ProducerSettings.QueueFullTimeout"/>:
/// Kafka is accepting records more slowly than they arrive. Callers shed load (HTTP 503 + Retry-After).
/// </summary>
public sealed class KafkaBackpressureException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KafkaBackpressureException()
        : base("Kafka producer queue is full")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public KafkaBackpressureException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public KafkaBackpressureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
