using System.Globalization;

namespace MetricStream.Host.Admin.Live.Internal;

/// <summary>One sample of the Prometheus text format: <c>name{labels} value</c>.</summary>
/// <param name="Name">Metric name, with its <c>_bucket</c>/<c>_sum</c>/<c>_count</c> suffix for histograms.</param>
/// <param name="Labels">Label names to values.</param>
/// <param name="Value">The value.</param>
internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>The label's value, or empty.</summary>
    /// <param name="name">Label name.</param>
    /// <returns>The value.</returns>
    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : string.Empty;

    /// <summary>Name and labels, the identity of a series.</summary>
    public string Key => Name + "{" + string.Join(',', Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)) + "}";
}

/// <summary>
/// Reads the samples of the Prometheus text exposition format 0.0.4 (what our registries render). Lenient:
/// comments, blank lines and lines it cannot read are skipped, since the page must keep working when a role
/// adds a metric of a shape it does not know. Timestamps after the value are ignored.
/// </summary>
internal static class PrometheusText
{
    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <param name="text">The exposition text.</param>
    /// <returns>The samples, in order.</returns>
    public static List<Sample> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<Sample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (TryParse(line, out var sample))
            {
                samples.Add(sample!);
            }
        }

        return samples;
    }

    private static bool TryParse(string line, out Sample? sample)
    {
        sample = null;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }

        var name = line[..i];
        if (i < line.Length && line[i] == '{' && !TryLabels(line, ref i, labels))
        {
            return false;
        }

        var rest = line[i..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (name.Length == 0 || rest.Length == 0 || !TryValue(rest[0], out var value))
        {
            return false;
        }

        sample = new Sample(name, labels, value);
        return true;
    }

    private static bool TryLabels(string line, ref int i, Dictionary<string, string> labels)
    {
        i++; // '{'
        while (i < line.Length && line[i] != '}')
        {
            var eq = line.IndexOf('=', i);
            if (eq < 0 || eq + 1 >= line.Length || line[eq + 1] != '"')
            {
                return false;
            }

            var labelName = line[i..eq].Trim().TrimStart(',').Trim();
            var value = new System.Text.StringBuilder();
            var j = eq + 2;
            for (; j < line.Length && line[j] != '"'; j++)
            {
                if (line[j] == '\\' && j + 1 < line.Length)
                {
                    j++;
                    value.Append(line[j] == 'n' ? '\n' : line[j]);
                }
                else
                {
                    value.Append(line[j]);
                }
            }

            if (j >= line.Length)
            {
                return false;
            }

            labels[labelName] = value.ToString();
            i = j + 1;
            if (i < line.Length && line[i] == ',')
            {
                i++;
            }
        }

        if (i >= line.Length)
        {
            return false;
        }

        i++; // '}'
        return true;
    }

    private static bool TryValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
