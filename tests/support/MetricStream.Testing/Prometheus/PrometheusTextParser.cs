using System.Globalization;
using System.Text.RegularExpressions;

namespace MetricStream.Testing.Prometheus;

/// <summary>
/// A strict parser of the Prometheus text exposition format 0.0.4, stricter than Prometheus itself where our
/// output has no excuse: every family has exactly one HELP and one TYPE line before its samples; a family's
/// samples are contiguous and never reappear later; sample names match their family's type (<c>_bucket</c>,
/// <c>_sum</c>, <c>_count</c> for histograms); label names are valid and not repeated, label values use only the
/// three escapes; no series appears twice; counters are non-negative; histogram buckets are cumulative, end
/// in <c>+Inf</c> and agree with <c>_count</c>. Any violation throws <see cref="FormatException"/> naming the line.
/// </summary>
public static partial class PrometheusTextParser
{
    private static readonly HashSet<string> Types = new(StringComparer.Ordinal) { "counter", "gauge", "histogram", "summary", "untyped" };

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/>.</summary>
    public static PrometheusScrape Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("the text must end with a line feed");
        }

        var families = new Dictionary<string, Builder>(StringComparer.Ordinal);
        Builder? current = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var line = lines[i];
            var at = $"line {i + 1} '{line}'";
            if (line.Length == 0)
            {
                throw new FormatException($"{at}: empty line");
            }

            if (line.Contains('\r', StringComparison.Ordinal))
            {
                throw new FormatException($"{at}: carriage return");
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                current = Header(line, at, families, current);
            }
            else if (line.StartsWith('#'))
            {
                continue; // a comment
            }
            else
            {
                var sample = ParseSample(line, at);
                if (current is null || !current.Owns(sample.Name))
                {
                    throw new FormatException($"{at}: sample outside its family (every family needs HELP and TYPE first)");
                }

                if (current.Help is null || current.Type is null)
                {
                    throw new FormatException($"{at}: family {current.Name} needs both HELP and TYPE before samples");
                }

                current.Add(sample, at);
            }
        }

        foreach (var family in families.Values)
        {
            if (family.Help is null || family.Type is null)
            {
                throw new FormatException($"family {family.Name} lacks its {(family.Help is null ? "HELP" : "TYPE")} line");
            }

            family.Check();
        }

        return new PrometheusScrape(families.ToDictionary(f => f.Key, f => f.Value.Build(), StringComparer.Ordinal));
    }

    private static Builder Header(string line, string at, Dictionary<string, Builder> families, Builder? current)
    {
        var isHelp = line[2] == 'H';
        var rest = line[7..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        var name = space < 0 ? rest : rest[..space];
        var body = space < 0 ? string.Empty : rest[(space + 1)..];
        if (!MetricName().IsMatch(name))
        {
            throw new FormatException($"{at}: invalid metric name '{name}'");
        }

        if (!families.TryGetValue(name, out var family))
        {
            family = new Builder(name);
            families.Add(name, family);
        }
        else if (!ReferenceEquals(family, current))
        {
            throw new FormatException($"{at}: family {name} appears again after other families");
        }
        else if (family.Samples.Count > 0)
        {
            throw new FormatException($"{at}: header of {name} after its samples");
        }

        if (isHelp)
        {
            family.Help = family.Help is null ? UnescapeHelp(body, at) : throw new FormatException($"{at}: second HELP for {name}");
        }
        else
        {
            family.Type = family.Type is null && Types.Contains(body) ? body : throw new FormatException($"{at}: second or unknown TYPE for {name}");
        }

        return family;
    }

    private static PrometheusSample ParseSample(string line, string at)
    {
        var nameEnd = 0;
        while (nameEnd < line.Length && line[nameEnd] != '{' && line[nameEnd] != ' ')
        {
            nameEnd++;
        }

        var name = line[..nameEnd];
        if (!MetricName().IsMatch(name))
        {
            throw new FormatException($"{at}: invalid metric name '{name}'");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var pos = nameEnd;
        if (pos < line.Length && line[pos] == '{')
        {
            pos = ParseLabels(line, pos + 1, labels, at);
        }

        if (pos >= line.Length || line[pos] != ' ')
        {
            throw new FormatException($"{at}: expected one space before the value");
        }

        var parts = line[(pos + 1)..].Split(' ');
        if (parts.Length is < 1 or > 2 || parts.Any(p => p.Length == 0))
        {
            throw new FormatException($"{at}: expected 'value' or 'value timestamp' after the name");
        }

        if (parts.Length == 2 && !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            throw new FormatException($"{at}: invalid timestamp '{parts[1]}'");
        }

        return new PrometheusSample(name, labels, ParseValue(parts[0], at));
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();

    [GeneratedRegex(@"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")]
    private static partial Regex FloatText();
}
