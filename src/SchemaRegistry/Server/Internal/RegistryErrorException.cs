using System.Net;

namespace MetricStream.SchemaRegistry.Server.Internal;

/// <summary>An operation refused with one of Confluent's error answers; the endpoints turn it into the error JSON.</summary>
internal sealed class RegistryErrorException : Exception
{
    public RegistryErrorException(HttpStatusCode status, int errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    public HttpStatusCode Status { get; }

    public int ErrorCode { get; }
}
