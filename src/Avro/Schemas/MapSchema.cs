using System.Text.Json;

namespace MetricStream.Avro.Schemas;

/// <summary>A map schema: string keys (always) to values of one schema.</summary>
public sealed class MapSchema : AvroSchema
{
    internal MapSchema(AvroSchema values, IReadOnlyDictionary<string, JsonElement>? properties)
        : base(AvroType.Map, properties)
    {
        Values = values;
    }

    /// <summary>The schema of every value.</summary>
    public AvroSchema Values { get; }
}
