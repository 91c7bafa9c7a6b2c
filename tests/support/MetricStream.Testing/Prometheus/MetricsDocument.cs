using System.Text.RegularExpressions;

namespace MetricStream.Testing.Prometheus;

/// <summary>One row of docs/METRICS.md: the section it is in, its name, type and label names.</summary>
public sealed record DocumentedMetric(string Section, string Name, string Type, IReadOnlyList<string> Labels);

/// <summary>
/// Reads the metric tables of docs/METRICS.md: under each <c>## Section</c>, rows
/// <c>| `name` | type | `label`, `label` (values) | meaning |</c>. Parenthesised text in the labels column
/// (allowed values) is not a label.
/// </summary>
public static partial class MetricsDocument
{
    /// <summary>Every documented metric of the file.</summary>
    public static IReadOnlyList<DocumentedMetric> Load(string path)
    {
        var metrics = new List<DocumentedMetric>();
        var section = string.Empty;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = line[3..].Trim();
                continue;
            }

            var row = Row().Match(line);
            if (!row.Success)
            {
                continue;
            }

            var labels = Parenthesised().Replace(row.Groups["labels"].Value, string.Empty);
            metrics.Add(new DocumentedMetric(
                section,
                row.Groups["name"].Value,
                row.Groups["type"].Value.Trim(),
                [.. Backticked().Matches(labels).Select(m => m.Groups[1].Value)]));
        }

        return metrics;
    }

    /// <summary>The documented metrics of the sections whose title starts with one of <paramref name="sections"/>.</summary>
    public static IReadOnlyList<DocumentedMetric> Of(IReadOnlyList<DocumentedMetric> all, params string[] sections) =>
        [.. all.Where(m => sections.Any(s => m.Section.StartsWith(s, StringComparison.Ordinal)))];

    [GeneratedRegex(@"^\|\s*`(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)`\s*\|(?<type>[^|]*)\|(?<labels>[^|]*)\|")]
    private static partial Regex Row();

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Parenthesised();

    [GeneratedRegex("`([a-zA-Z_][a-zA-Z0-9_]*)`")]
    private static partial Regex Backticked();
}
