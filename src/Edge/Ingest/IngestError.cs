namespace MetricStream.Edge.Ingest;

/// <summary>One rejected item of a request, as reported in the 400 response's <c>errors</c> array.</summary>
/// <param name="Line">1-based line number (line protocol), time series index (remote_write) or metric index (JSON).</param>
/// <param name="Reason">Why the item was rejected.</param>
public readonly record struct IngestError(int Line, string Reason);
