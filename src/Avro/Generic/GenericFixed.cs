using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Generic;

/// <summary>A fixed value of the generic data model: exactly <see cref="FixedSchema.Size"/> bytes.</summary>
public sealed class GenericFixed : IEquatable<GenericFixed>
{
    /// <summary>Creates a fixed value; the array is used, not copied.</summary>
    /// <param name="schema">The fixed schema.</param>
    /// <param name="value">Exactly <see cref="FixedSchema.Size"/> bytes.</param>
    /// <exception cref="ArgumentException">The length differs from the schema's size.</exception>
    public GenericFixed(FixedSchema schema, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length != schema.Size)
        {
            throw new ArgumentException($"fixed '{schema.FullName}' needs {schema.Size} bytes, got {value.Length}", nameof(value));
        }

        Schema = schema;
        Value = value;
    }

    /// <summary>The fixed schema.</summary>
    public FixedSchema Schema { get; }

    /// <summary>The bytes.</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>Equal when the schemas have the same full name and the bytes are equal.</summary>
    /// <param name="other">The other value.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(GenericFixed? other) =>
        other is not null && Schema.FullName == other.Schema.FullName && Value.Span.SequenceEqual(other.Value.Span);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as GenericFixed);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Schema.FullName, Value.Length);

    /// <summary>The bytes in hexadecimal.</summary>
    /// <returns>e.g. <c>0a1b</c>.</returns>
    public override string ToString() => Convert.ToHexStringLower(Value.Span);
}
