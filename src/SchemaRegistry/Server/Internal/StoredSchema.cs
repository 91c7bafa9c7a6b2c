using MetricStream.Avro.Schemas;

namespace MetricStream.SchemaRegistry.Server.Internal;

/// <summary>A registered schema: its id, its text as stored, and the parsed form.</summary>
internal sealed record StoredSchema(int Id, string Text, AvroSchema Parsed);
