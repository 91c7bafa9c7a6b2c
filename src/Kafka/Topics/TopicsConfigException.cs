namespace MetricStream.Kafka.Topics;

/// <summary>A topics configuration file is invalid; the message names the file, the entry and the fix.</summary>
public sealed class TopicsConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TopicsConfigException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TopicsConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public TopicsConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
