namespace MetricStream.Avro.Internal;

/// <summary>Name rules of the specification: names match <c>[A-Za-z_][A-Za-z0-9_]*</c>, namespaces are dot-separated names.</summary>
internal static class AvroNames
{
    private static readonly HashSet<string> Primitives = new(StringComparer.Ordinal)
    {
        "null", "boolean", "int", "long", "float", "double", "bytes", "string",
    };

    public static bool IsPrimitiveName(string name) => Primitives.Contains(name);

    public static bool IsValidName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True for a valid namespace: empty (the null namespace) or dot-separated valid names.</summary>
    public static bool IsValidNamespace(string ns)
    {
        if (ns.Length == 0)
        {
            return true;
        }

        foreach (var part in ns.Split('.'))
        {
            if (!IsValidName(part))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Splits a possibly dotted name into namespace and name; a dotted name ignores <paramref name="defaultNamespace"/>.</summary>
    public static (string? Namespace, string Name) Split(string name, string? defaultNamespace)
    {
        var dot = name.LastIndexOf('.');
        if (dot < 0)
        {
            return (string.IsNullOrEmpty(defaultNamespace) ? null : defaultNamespace, name);
        }

        return (name[..dot], name[(dot + 1)..]);
    }

    public static string Full(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : ns + "." + name;
}
