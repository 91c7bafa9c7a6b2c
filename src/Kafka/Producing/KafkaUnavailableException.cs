namespace MetricStream.Kafka.Producing;

/// <summary>
/// Every broker is known to be unreachable, so a record was refused at once rather than queued for a
/// delivery that might time out. Nothing was written; the caller may retry later.
/// </summary>
public sealed class KafkaUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KafkaUnavailableException()
        : base("Kafka is unavailable: all broker connections are down")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public KafkaUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public KafkaUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
