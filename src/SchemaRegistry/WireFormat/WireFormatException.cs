namespace MetricStream.SchemaRegistry.WireFormat;

/// <summary>
/// A Kafka value is not a decodable Confluent wire-format record: too short, an unknown magic byte, a schema
/// id the registry does not know, or an Avro body that does not match its writer schema. The record itself is
/// bad (a poison record): the processing engine turns this exception into a dead letter carrying
/// <see cref="Exception.Message"/> as the reason, and goes on. A registry that cannot be reached is not this
/// exception (the record may be fine); that surfaces as a <c>SchemaRegistryException</c>.
/// </summary>
public sealed class WireFormatException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public WireFormatException()
        : base("The value is not in the Confluent wire format")
    {
    }

    /// <summary>Creates the exception with a message naming what is wrong with the record.</summary>
    /// <param name="message">The reason, suitable for a dead-letter record.</param>
    public WireFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    /// <param name="message">The reason, suitable for a dead-letter record.</param>
    /// <param name="innerException">The cause, e.g. an Avro decoding error.</param>
    public WireFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The schema id read from the header, when the header was readable.</summary>
    public int? SchemaId { get; init; }
}
