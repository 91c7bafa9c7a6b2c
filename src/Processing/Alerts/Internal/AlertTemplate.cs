using System.Globalization;
using System.Text;

namespace MetricStream.Processing.Alerts.Internal;

/// <summary>
/// Renders label and annotation templates: <c>{{name}}</c> (spaces inside the braces allowed) is replaced by
/// <c>rule</c>, <c>value</c>, <c>tenant</c>, <c>measurement</c>, <c>field</c>, <c>series</c> or a tag of the
/// series; unknown names render empty. Values print with at most three decimals, invariant culture.
/// </summary>
internal static class AlertTemplate
{
    /// <summary>Null when the template is well formed, else what is wrong with it.</summary>
    public static string? Check(string template)
    {
        var at = 0;
        while ((at = template.IndexOf("{{", at, StringComparison.Ordinal)) >= 0)
        {
            var close = template.IndexOf("}}", at + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                return $"'{{{{' at position {at + 1} is not closed by '}}}}'.";
            }

            if (template[(at + 2)..close].Trim().Length == 0)
            {
                return $"empty placeholder at position {at + 1}.";
            }

            at = close + 2;
        }

        return null;
    }

    public static IReadOnlyDictionary<string, string> RenderAll(IReadOnlyDictionary<string, string> templates, string ruleId, SeriesInfo series, double value)
    {
        var result = new Dictionary<string, string>(templates.Count, StringComparer.Ordinal);
        foreach (var (key, template) in templates)
        {
            result[key] = Render(template, ruleId, series, value);
        }

        return result;
    }

    public static string Render(string template, string ruleId, SeriesInfo series, double value)
    {
        if (!template.Contains("{{", StringComparison.Ordinal))
        {
            return template;
        }

        var text = new StringBuilder(template.Length + 16);
        var at = 0;
        while (at < template.Length)
        {
            var open = template.IndexOf("{{", at, StringComparison.Ordinal);
            var close = open < 0 ? -1 : template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                text.Append(template, at, template.Length - at);
                break;
            }

            text.Append(template, at, open - at);
            text.Append(Lookup(template[(open + 2)..close].Trim(), ruleId, series, value));
            at = close + 2;
        }

        return text.ToString();
    }

    private static string Lookup(string name, string ruleId, SeriesInfo series, double value) => name switch
    {
        "rule" => ruleId,
        "value" => value.ToString("0.###", CultureInfo.InvariantCulture),
        "tenant" => series.Tenant,
        "measurement" => series.Measurement,
        "field" => series.Field,
        "series" => series.SeriesKey,
        _ => series.Tag(name) ?? string.Empty,
    };
}
