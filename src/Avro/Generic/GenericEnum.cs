using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Generic;

/// <summary>An enum value of the generic data model: a symbol of <see cref="Schema"/>. Immutable.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "Avro's enum type; the name pairs with GenericRecord and GenericFixed.")]
public sealed class GenericEnum : IEquatable<GenericEnum>
{
    /// <summary>Creates the value of a symbol.</summary>
    /// <param name="schema">The enum schema.</param>
    /// <param name="symbol">One of its symbols.</param>
    /// <exception cref="ArgumentException">The symbol is not in the schema.</exception>
    public GenericEnum(EnumSchema schema, string symbol)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(symbol);
        Index = schema.IndexOf(symbol);
        if (Index < 0)
        {
            throw new ArgumentException($"'{symbol}' is not a symbol of enum '{schema.FullName}'", nameof(symbol));
        }

        Schema = schema;
        Symbol = symbol;
    }

    /// <summary>The enum schema.</summary>
    public EnumSchema Schema { get; }

    /// <summary>The symbol.</summary>
    public string Symbol { get; }

    /// <summary>The symbol's index in <see cref="Schema"/>.</summary>
    public int Index { get; }

    /// <summary>Equal when the enums have the same full name and the symbols are equal.</summary>
    /// <param name="other">The other value.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(GenericEnum? other) =>
        other is not null && Schema.FullName == other.Schema.FullName && Symbol == other.Symbol;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as GenericEnum);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Schema.FullName, Symbol);

    /// <summary>The symbol.</summary>
    /// <returns><see cref="Symbol"/>.</returns>
    public override string ToString() => Symbol;
}
