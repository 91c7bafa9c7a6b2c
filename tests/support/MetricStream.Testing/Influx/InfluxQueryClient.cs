using System.Globalization;
using System.Text.Json;

namespace MetricStream.Testing.Influx;

/// <summary>
/// Runs InfluxQL against an influxd's <c>/query</c> endpoint and returns the rows of the first series set,
/// with values as <see cref="JsonElement"/> so tests can check JSON types (number, string, bool).
/// Timestamps are asked for in nanoseconds (<c>epoch=ns</c>).
/// </summary>
public sealed class InfluxQueryClient(Uri baseUrl)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Runs <paramref name="influxQl"/> (GET, or POST for statements that change state) in <paramref name="database"/>.</summary>
    public async Task<IReadOnlyList<InfluxSeries>> RunAsync(string influxQl, string? database = null, bool post = false)
    {
        var query = "q=" + Uri.EscapeDataString(influxQl) + "&epoch=ns" + (database is null ? string.Empty : "&db=" + Uri.EscapeDataString(database));
        var uri = new Uri(baseUrl, "query?" + query);
        using var response = post ? await Http.PostAsync(uri, content: null) : await Http.GetAsync(uri);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"InfluxQL failed ({(int)response.StatusCode}): {body}");
        }

        using var document = JsonDocument.Parse(body);
        var result = document.RootElement.GetProperty("results")[0];
        if (result.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException("InfluxQL error: " + error.GetString());
        }

        var list = new List<InfluxSeries>();
        if (!result.TryGetProperty("series", out var series))
        {
            return list;
        }

        foreach (var item in series.EnumerateArray())
        {
            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            if (item.TryGetProperty("tags", out var tagObject))
            {
                foreach (var tag in tagObject.EnumerateObject())
                {
                    tags[tag.Name] = tag.Value.GetString() ?? string.Empty;
                }
            }

            var columns = item.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray();
            var rows = new List<IReadOnlyDictionary<string, JsonElement>>();
            if (item.TryGetProperty("values", out var values))
            {
                foreach (var row in values.EnumerateArray())
                {
                    var map = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                    var index = 0;
                    foreach (var cell in row.EnumerateArray())
                    {
                        map[columns[index++]] = cell.Clone();
                    }

                    rows.Add(map);
                }
            }

            list.Add(new InfluxSeries(item.TryGetProperty("name", out var name) ? name.GetString() ?? string.Empty : string.Empty, tags, rows));
        }

        return list;
    }

    /// <summary>The number of rows <c>SELECT count(field)</c> sees, 0 when none.</summary>
    public async Task<long> CountAsync(string database, string measurement, string field, string retentionPolicy = "autogen")
    {
        var series = await RunAsync($"SELECT count(\"{field}\") FROM \"{retentionPolicy}\".\"{measurement}\"", database);
        return series.Count == 0 || series[0].Rows.Count == 0 ? 0 : series[0].Rows[0]["count"].GetInt64();
    }

    /// <summary>Formats a value for an InfluxQL string literal.</summary>
    public static string Literal(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    /// <summary>Formats an integer for InfluxQL.</summary>
    public static string Literal(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One series of a query result: measurement name, group-by tags and rows by column.</summary>
public sealed record InfluxSeries(string Name, IReadOnlyDictionary<string, string> Tags, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> Rows);
