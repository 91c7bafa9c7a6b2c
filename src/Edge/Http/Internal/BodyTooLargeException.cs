namespace MetricStream.Edge.Http.Internal;

/// <summary>A request body (raw or decompressed) is larger than its limit: HTTP 413.</summary>
internal sealed class BodyTooLargeException(string message) : Exception(message);
