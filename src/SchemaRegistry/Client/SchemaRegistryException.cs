using System.Globalization;
using System.Net;

namespace MetricStream.SchemaRegistry.Client;

/// <summary>
/// A registry call failed. When the registry answered, <see cref="StatusCode"/> and <see cref="ErrorCode"/>
/// carry its HTTP status and Confluent <c>error_code</c> (see <c>RegistryErrorCodes</c>) and the message is
/// the registry's own. When it could not be reached within the retry budget both are null and
/// <see cref="Exception.InnerException"/> holds the last transport failure.
/// </summary>
public sealed class SchemaRegistryException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public SchemaRegistryException()
        : base("Schema registry request failed")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SchemaRegistryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception for a transport failure.</summary>
    public SchemaRegistryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an error the registry answered with.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="errorCode">Confluent's <c>error_code</c> from the body (the HTTP status when the body had none).</param>
    /// <param name="registryMessage">The registry's <c>message</c>.</param>
    public SchemaRegistryException(HttpStatusCode statusCode, int errorCode, string registryMessage)
        : base(string.Create(CultureInfo.InvariantCulture, $"Schema registry error {errorCode} (HTTP {(int)statusCode}): {registryMessage}"))
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        RegistryMessage = registryMessage;
    }

    /// <summary>The HTTP status of the answer; null when no answer was received.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Confluent's <c>error_code</c>, e.g. 40401 (subject not found); null when no answer was received.</summary>
    public int? ErrorCode { get; }

    /// <summary>The registry's own <c>message</c> (e.g. the reason a schema is incompatible); null when no answer was received.</summary>
    public string? RegistryMessage { get; }
}
