using System.Text.Json;

namespace MetricStream.Avro.Schemas;

/// <summary>
/// A record (or, with <see cref="IsError"/>, an error) schema: named, with ordered fields. Field types
/// may refer to the record itself (recursive types).
/// </summary>
public sealed class RecordSchema : NamedSchema
{
    private IReadOnlyList<RecordField> _fields = [];
    private Dictionary<string, RecordField> _byName = new(StringComparer.Ordinal);

    internal RecordSchema(string name, string? ns, string? doc, IReadOnlyList<string> aliases, bool isError, IReadOnlyDictionary<string, JsonElement>? properties)
        : base(AvroType.Record, name, ns, doc, aliases, properties)
    {
        IsError = isError;
    }

    /// <summary>The fields in declaration (and encoding) order.</summary>
    public IReadOnlyList<RecordField> Fields => _fields;

    /// <summary>True when declared with <c>"type":"error"</c> (an Avro protocol error); encoded like a record.</summary>
    public bool IsError { get; }

    /// <summary>Finds a field by its name (not its aliases).</summary>
    /// <param name="name">The field name.</param>
    /// <param name="field">The field, when found.</param>
    /// <returns>Whether the record has a field of that name.</returns>
    public bool TryGetField(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RecordField? field) =>
        _byName.TryGetValue(name, out field);

    /// <summary>Sets the fields once the parser has read them (the record is registered first so fields can refer to it).</summary>
    internal void SetFields(IReadOnlyList<RecordField> fields)
    {
        _fields = fields;
        var byName = new Dictionary<string, RecordField>(fields.Count, StringComparer.Ordinal);
        foreach (var f in fields)
        {
            byName[f.Name] = f;
        }

        _byName = byName;
    }
}
