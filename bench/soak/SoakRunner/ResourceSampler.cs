using System.Globalization;
using System.Text.RegularExpressions;

namespace MetricStream.Bench.Soak;

/// <summary>One minute's figures of one role: RSS from /proc, and the runtime's own figures from its /metrics when it has them.</summary>
internal sealed record ResourceSample(string Role, TimeSpan At, long RssBytes, double? GcHeapBytes, double? Gen0, double? Gen1, double? Gen2);

/// <summary>
/// Reads a role's resident set size from <c>/proc/PID/status</c> (VmRSS) and, when the role serves Prometheus text,
/// <c>dotnet_gc_heap_size_bytes</c> and <c>dotnet_gc_collections_total{generation}</c> from its /metrics.
/// </summary>
internal sealed partial class ResourceSampler(string role, int pid, Uri? metrics, bool judged)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The role's name as printed.</summary>
    public string Role => role;

    /// <summary>True when the soak judges this role's memory growth; false when it only prints it.</summary>
    public bool Judged => judged;

    /// <summary>Takes one sample; null when the process is gone.</summary>
    public async Task<ResourceSample?> SampleAsync(TimeSpan at)
    {
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status))
        {
            return null;
        }

        var rssLine = (await File.ReadAllLinesAsync(status)).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var rss = rssLine is null ? 0 : long.Parse(rssLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        double? heap = null, gen0 = null, gen1 = null, gen2 = null;
        if (metrics is not null)
        {
            try
            {
                var text = await Http.GetStringAsync(metrics);
                heap = Value(text, "dotnet_gc_heap_size_bytes");
                gen0 = Value(text, "dotnet_gc_collections_total{generation=\"0\"}") ?? Value(text, "dotnet_gc_collections_total{generation=\"gen0\"}");
                gen1 = Value(text, "dotnet_gc_collections_total{generation=\"1\"}") ?? Value(text, "dotnet_gc_collections_total{generation=\"gen1\"}");
                gen2 = Value(text, "dotnet_gc_collections_total{generation=\"2\"}") ?? Value(text, "dotnet_gc_collections_total{generation=\"gen2\"}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // No figures this minute; RSS still counts.
            }
        }

        return new ResourceSample(role, at, rss, heap, gen0, gen1, gen2);
    }

    private static double? Value(string text, string series)
    {
        foreach (Match match in SampleLine().Matches(text))
        {
            if (match.Groups["series"].Value == series)
            {
                return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    [GeneratedRegex(@"^(?<series>[a-z_:]+(\{[^}]*\})?) (?<value>[-+0-9.eE]+|NaN)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}
