namespace MetricStream.Processing.Alerts.Internal;

/// <summary>Splits a series key (<c>tenant/measurement,k1=v1,...</c>, <c>\</c> escapes) back into its measurement and tags.</summary>
internal static class SeriesKeyParts
{
    public static (string Measurement, Dictionary<string, object?> Tags) Parse(string seriesKey)
    {
        var parts = new List<string>();
        var separators = new List<char>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < seriesKey.Length; i++)
        {
            var c = seriesKey[i];
            if (c == '\\' && i + 1 < seriesKey.Length)
            {
                current.Append(seriesKey[++i]);
            }
            else if (c is '/' or ',' or '=')
            {
                parts.Add(current.ToString());
                separators.Add(c);
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        parts.Add(current.ToString());
        var tags = new Dictionary<string, object?>(StringComparer.Ordinal);
        var measurement = parts.Count > 1 && separators[0] == '/' ? parts[1] : string.Empty;
        // parts: tenant, measurement, then key, value pairs.
        for (var i = 2; i + 1 < parts.Count; i += 2)
        {
            tags[parts[i]] = parts[i + 1];
        }

        return (measurement, tags);
    }
}
