namespace MetricStream.SchemaRegistry.Client;

/// <summary>A schema as registered under a subject.</summary>
/// <param name="Subject">The subject, e.g. <c>metrics.points-value</c>.</param>
/// <param name="Version">Its version in the subject, from 1.</param>
/// <param name="Id">The registry-wide schema id written into the wire format.</param>
/// <param name="Schema">The schema's JSON text.</param>
public sealed record RegisteredSchema(string Subject, int Version, int Id, string Schema);
