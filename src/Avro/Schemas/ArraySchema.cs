using System.Text.Json;

namespace MetricStream.Avro.Schemas;

/// <summary>An array schema: a sequence of items of one schema.</summary>
public sealed class ArraySchema : AvroSchema
{
    internal ArraySchema(AvroSchema items, IReadOnlyDictionary<string, JsonElement>? properties)
        : base(AvroType.Array, properties)
    {
        Items = items;
    }

    /// <summary>The schema of every item.</summary>
    public AvroSchema Items { get; }
}
