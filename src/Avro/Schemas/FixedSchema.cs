using System.Text.Json;

namespace MetricStream.Avro.Schemas;

/// <summary>A fixed schema: a named byte sequence of exactly <see cref="Size"/> bytes, possibly a decimal.</summary>
public sealed class FixedSchema : NamedSchema
{
    internal FixedSchema(string name, string? ns, string? doc, IReadOnlyList<string> aliases, int size, LogicalType? logicalType, IReadOnlyDictionary<string, JsonElement>? properties)
        : base(AvroType.Fixed, name, ns, doc, aliases, properties)
    {
        Size = size;
        LogicalType = logicalType;
    }

    /// <summary>The number of bytes of every value (0 or more).</summary>
    public int Size { get; }
}
