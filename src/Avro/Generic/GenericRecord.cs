using MetricStream.Avro.Internal;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Generic;

/// <summary>
/// A record value of the generic data model: one slot per field of <see cref="Schema"/>, addressed by
/// position or name. Field values use the generic model: <see langword="null"/>, <see cref="bool"/>,
/// <see cref="int"/>, <see cref="long"/>, <see cref="float"/>, <see cref="double"/>, <see cref="byte"/>[],
/// <see cref="string"/>, <see cref="GenericRecord"/>, <see cref="GenericEnum"/>, <see cref="GenericFixed"/>,
/// lists (arrays), <c>Dictionary&lt;string, object?&gt;</c> (maps), and for logical types
/// <see cref="DateTimeOffset"/> (timestamps), <see cref="DateTime"/> (local timestamps), <see cref="DateOnly"/>,
/// <see cref="TimeOnly"/>, <see cref="Guid"/> and <see cref="AvroDecimal"/>. Equality is structural.
/// Not thread-safe for writes.
/// </summary>
public sealed class GenericRecord : IEquatable<GenericRecord>
{
    private readonly object?[] _values;

    /// <summary>Creates a record with every field <see langword="null"/> (defaults are not applied).</summary>
    /// <param name="schema">The record schema.</param>
    public GenericRecord(RecordSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
        _values = new object?[schema.Fields.Count];
    }

    /// <summary>The record's schema.</summary>
    public RecordSchema Schema { get; }

    /// <summary>Gets or sets a field value by position.</summary>
    /// <param name="position">The field's <see cref="RecordField.Position"/>.</param>
    public object? this[int position]
    {
        get => _values[position];
        set => _values[position] = value;
    }

    /// <summary>Gets or sets a field value by name.</summary>
    /// <param name="name">The field name.</param>
    /// <exception cref="KeyNotFoundException">The record has no such field.</exception>
    public object? this[string name]
    {
        get => _values[Position(name)];
        set => _values[Position(name)] = value;
    }

    /// <summary>Gets a field value by name when the schema has that field.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The value, when found.</param>
    /// <returns>Whether the schema has the field.</returns>
    public bool TryGetValue(string name, out object? value)
    {
        if (Schema.TryGetField(name, out var field))
        {
            value = _values[field.Position];
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Structural equality: same record full name and deeply equal field values.</summary>
    /// <param name="other">The other record.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(GenericRecord? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Schema.FullName == other.Schema.FullName && GenericEquality.SequenceEquals(_values, other._values)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as GenericRecord);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Schema.FullName, _values.Length);

    /// <summary>A JSON-like rendering for diagnostics, e.g. <c>{"a": 1, "b": "x"}</c>.</summary>
    /// <returns>The rendering.</returns>
    public override string ToString() => GenericEquality.Render(this);

    private int Position(string name) =>
        Schema.TryGetField(name, out var field)
            ? field.Position
            : throw new KeyNotFoundException($"record '{Schema.FullName}' has no field '{name}'");
}
