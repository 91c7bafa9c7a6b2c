namespace MetricStream.Avro.Schemas;

/// <summary>
/// Thrown by <see cref="AvroSchema.Parse(string)"/> when the JSON is not a valid Avro schema. The message
/// names the problem and where it is, e.g. <c>field 'value' of record 'metricstream.MetricPoint': unknown type 'flaot'</c>.
/// </summary>
public class AvroSchemaException : AvroException
{
    /// <summary>Creates an exception with no message.</summary>
    public AvroSchemaException()
    {
    }

    /// <summary>Creates an exception whose message names the problem and its location in the schema.</summary>
    /// <param name="message">What is wrong and where.</param>
    public AvroSchemaException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it (e.g. a JSON syntax error).</summary>
    /// <param name="message">What is wrong and where.</param>
    /// <param name="innerException">The underlying cause.</param>
    public AvroSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
