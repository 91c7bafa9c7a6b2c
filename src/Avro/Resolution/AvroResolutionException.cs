namespace MetricStream.Avro.Resolution;

/// <summary>
/// Data written with one schema cannot be read with another: thrown when a read plan is built for an
/// incompatible reader/writer pair, or, for parts only some data reaches (a writer union branch, an
/// enum symbol unknown to a reader without default), when such data is read. The message says what
/// breaks and where, e.g. <c>reader field 'host' of record 'ns.P' has no default and is missing from the writer</c>.
/// </summary>
public class AvroResolutionException : AvroException
{
    /// <summary>Creates an exception with no message.</summary>
    public AvroResolutionException()
    {
    }

    /// <summary>Creates an exception whose message says what cannot be resolved and where.</summary>
    /// <param name="message">The problem and its location.</param>
    public AvroResolutionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">The problem and its location.</param>
    /// <param name="innerException">The underlying cause.</param>
    public AvroResolutionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
