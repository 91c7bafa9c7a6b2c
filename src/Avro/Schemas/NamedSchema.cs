using System.Text.Json;

namespace MetricStream.Avro.Schemas;

/// <summary>
/// A named type: <see cref="RecordSchema"/>, <see cref="EnumSchema"/> or <see cref="FixedSchema"/>.
/// The full name is <c>namespace.name</c> (just the name in the null namespace); aliases are stored as
/// full names, resolved against this type's namespace as the specification says.
/// </summary>
public abstract class NamedSchema : AvroSchema
{
    private protected NamedSchema(AvroType type, string name, string? ns, string? doc, IReadOnlyList<string> aliases, IReadOnlyDictionary<string, JsonElement>? properties)
        : base(type, properties)
    {
        Name = name;
        Namespace = string.IsNullOrEmpty(ns) ? null : ns;
        FullName = Namespace is null ? name : Namespace + "." + name;
        Doc = doc;
        Aliases = aliases;
    }

    /// <summary>The unqualified name, e.g. <c>MetricPoint</c>.</summary>
    public string Name { get; }

    /// <summary>The namespace, e.g. <c>metricstream</c>, or <see langword="null"/> for the null namespace.</summary>
    public string? Namespace { get; }

    /// <summary>The full name: <c>Namespace.Name</c>, or <see cref="Name"/> in the null namespace.</summary>
    public string FullName { get; }

    /// <summary>The <c>doc</c> attribute, or <see langword="null"/>.</summary>
    public string? Doc { get; }

    /// <summary>Alternative full names of this type, used when resolving a writer's type against this one.</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>
    /// True when <paramref name="other"/> names the same type for schema resolution: equal unqualified
    /// names (the specification matches named types by unqualified name), or <paramref name="other"/>'s
    /// full name is one of this type's aliases.
    /// </summary>
    /// <param name="other">The writer's named type.</param>
    /// <returns>Whether this (reader) type matches the writer's type by name.</returns>
    public bool MatchesName(NamedSchema other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (string.Equals(Name, other.Name, StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var alias in Aliases)
        {
            if (string.Equals(alias, other.FullName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    internal override string Describe() => $"{TypeName(Type)} '{FullName}'";
}
