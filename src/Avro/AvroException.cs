namespace MetricStream.Avro;

/// <summary>
/// Base exception of the Avro library: thrown when data cannot be encoded or decoded, for example
/// truncated or malformed binary input, a union branch index out of range, or a value that does not
/// match its schema. Schema and resolution problems use the derived
/// <see cref="Schemas.AvroSchemaException"/> and <see cref="Resolution.AvroResolutionException"/>.
/// </summary>
public class AvroException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public AvroException()
    {
    }

    /// <summary>Creates an exception with a message that names the problem and where it occurred.</summary>
    /// <param name="message">What went wrong and where.</param>
    public AvroException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong and where.</param>
    /// <param name="innerException">The underlying cause.</param>
    public AvroException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
