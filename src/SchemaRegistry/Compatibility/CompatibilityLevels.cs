using MetricStream.Avro.Compatibility;

namespace MetricStream.SchemaRegistry.Compatibility;

/// <summary>
/// The registry's names for <see cref="CompatibilityLevel"/>: <c>NONE</c>, <c>BACKWARD</c>,
/// <c>BACKWARD_TRANSITIVE</c>, <c>FORWARD</c>, <c>FORWARD_TRANSITIVE</c>, <c>FULL</c>, <c>FULL_TRANSITIVE</c>.
/// Parsing ignores case; formatting gives upper case as Confluent's registry does.
/// </summary>
public static class CompatibilityLevels
{
    /// <summary>The level of a registry nobody configured: <see cref="CompatibilityLevel.Backward"/>, as in Confluent's.</summary>
    public const CompatibilityLevel Default = CompatibilityLevel.Backward;

    private static readonly (string Name, CompatibilityLevel Level)[] Names =
    [
        ("NONE", CompatibilityLevel.None),
        ("BACKWARD", CompatibilityLevel.Backward),
        ("BACKWARD_TRANSITIVE", CompatibilityLevel.BackwardTransitive),
        ("FORWARD", CompatibilityLevel.Forward),
        ("FORWARD_TRANSITIVE", CompatibilityLevel.ForwardTransitive),
        ("FULL", CompatibilityLevel.Full),
        ("FULL_TRANSITIVE", CompatibilityLevel.FullTransitive),
    ];

    /// <summary>Every valid name, for error messages.</summary>
    public static IEnumerable<string> AllNames => Names.Select(n => n.Name);

    /// <summary>The registry's name of <paramref name="level"/>, e.g. <c>BACKWARD_TRANSITIVE</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined level.</exception>
    public static string ToName(CompatibilityLevel level)
    {
        foreach (var (name, value) in Names)
        {
            if (value == level)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(level), level, "Not a compatibility level");
    }

    /// <summary>Parses a registry name, ignoring case and surrounding white space; false for anything else.</summary>
    public static bool TryParse(string? text, out CompatibilityLevel level)
    {
        var trimmed = text?.Trim();
        foreach (var (name, value) in Names)
        {
            if (string.Equals(name, trimmed, StringComparison.OrdinalIgnoreCase))
            {
                level = value;
                return true;
            }
        }

        level = Default;
        return false;
    }

    /// <summary>Parses a registry name, ignoring case.</summary>
    /// <exception cref="FormatException">Not one of the seven names.</exception>
    public static CompatibilityLevel Parse(string text) =>
        TryParse(text, out var level)
            ? level
            : throw new FormatException($"'{text}' is not a compatibility level; expected one of {string.Join(", ", AllNames)}");
}
