using System.Text.Json;

namespace MetricStream.Avro.Schemas;

/// <summary>A field of a <see cref="RecordSchema"/>.</summary>
public sealed class RecordField
{
    internal RecordField(string name, int position, AvroSchema schema, string? doc, JsonElement? defaultValue, SortOrder order, IReadOnlyList<string> aliases, IReadOnlyDictionary<string, JsonElement> properties)
    {
        Name = name;
        Position = position;
        Schema = schema;
        Doc = doc;
        DefaultValue = defaultValue;
        Order = order;
        Aliases = aliases;
        Properties = properties;
    }

    /// <summary>The field name.</summary>
    public string Name { get; }

    /// <summary>Zero-based position in the record; fields are encoded in this order.</summary>
    public int Position { get; }

    /// <summary>The field's schema.</summary>
    public AvroSchema Schema { get; }

    /// <summary>The <c>doc</c> attribute, or <see langword="null"/>.</summary>
    public string? Doc { get; }

    /// <summary>
    /// The <c>default</c> attribute as JSON (already validated against <see cref="Schema"/>; for a union
    /// it is a value of the first branch), or <see langword="null"/> when the field has no default.
    /// A JSON <c>null</c> default is a <see cref="JsonElement"/> of kind Null, not <see langword="null"/>.
    /// </summary>
    public JsonElement? DefaultValue { get; }

    /// <summary>True when the field declares a default, used when reading data whose writer lacks the field.</summary>
    public bool HasDefault => DefaultValue.HasValue;

    /// <summary>The <c>order</c> attribute; <see cref="SortOrder.Ascending"/> when absent.</summary>
    public SortOrder Order { get; }

    /// <summary>Alternative names of this field, matched against writer field names during resolution.</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>Attributes the specification does not define for fields, kept by <see cref="AvroSchema.ToJson"/>.</summary>
    public IReadOnlyDictionary<string, JsonElement> Properties { get; }

    /// <summary>The field name and schema, for messages.</summary>
    /// <returns>e.g. <c>value: double</c>.</returns>
    public override string ToString() => $"{Name}: {Schema.Describe()}";
}
