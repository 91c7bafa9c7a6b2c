using System.Text.Json;

namespace MetricStream.Avro.Schemas;

/// <summary>An enum schema: a named list of unique symbols, encoded as the zero-based symbol index.</summary>
public sealed class EnumSchema : NamedSchema
{
    private readonly Dictionary<string, int> _indexes;

    internal EnumSchema(string name, string? ns, string? doc, IReadOnlyList<string> aliases, IReadOnlyList<string> symbols, string? defaultSymbol, IReadOnlyDictionary<string, JsonElement>? properties)
        : base(AvroType.Enum, name, ns, doc, aliases, properties)
    {
        Symbols = symbols;
        Default = defaultSymbol;
        _indexes = new Dictionary<string, int>(symbols.Count, StringComparer.Ordinal);
        for (var i = 0; i < symbols.Count; i++)
        {
            _indexes[symbols[i]] = i;
        }
    }

    /// <summary>The symbols in declaration order; a symbol's index is its encoding.</summary>
    public IReadOnlyList<string> Symbols { get; }

    /// <summary>
    /// The enum's <c>default</c> symbol, used by a reader with this schema when the writer's symbol is
    /// not among <see cref="Symbols"/>; <see langword="null"/> when absent (then such data cannot be read).
    /// </summary>
    public string? Default { get; }

    /// <summary>Returns the index of a symbol.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <returns>The zero-based index, or -1 when the enum has no such symbol.</returns>
    public int IndexOf(string symbol) => _indexes.TryGetValue(symbol, out var i) ? i : -1;
}
