using System.Globalization;

namespace MetricStream.Bench.Soak;

/// <summary>
/// Decides whether a role's memory grows without bound, from the samples taken while the load runs. Baseline: the role's largest RSS in its first two samples
/// after the start sample (the first two minutes are warm-up: JIT, pools, librdkafka buffers, influxd caches).
/// Growing: the last RSS is above 1.5 x baseline + 64 MiB, or (with six samples or more) each of the last four samples
/// is higher than the one before and the last is above 1.2 x baseline. Short runs can only catch gross leaks.
/// </summary>
internal static class MemoryJudge
{
    private const long Slack = 64L * 1024 * 1024;

    /// <summary>One line per role that grows, saying why.</summary>
    public static IEnumerable<string> Growing(IReadOnlyList<ResourceSample> samples)
    {
        foreach (var role in samples.GroupBy(s => s.Role))
        {
            var series = role.OrderBy(s => s.At).Select(s => s.RssBytes).ToList();
            if (series.Count < 3)
            {
                continue;
            }

            var baseline = series.Skip(1).Take(2).Max();
            var last = series[^1];
            var tail = series.TakeLast(5).ToList();
            var climbing = series.Count >= 6 && tail.Zip(tail.Skip(1)).All(p => p.Second > p.First);
            if (last > (baseline * 1.5) + Slack || (climbing && last > baseline * 1.2))
            {
                yield return string.Create(
                    CultureInfo.InvariantCulture,
                    $"{role.Key} grows: rss {baseline / 1048576.0:0.0} MiB after warm-up, {last / 1048576.0:0.0} MiB at the end (samples: {string.Join(", ", series.Select(b => (b / 1048576.0).ToString("0", CultureInfo.InvariantCulture)))} MiB)");
            }
        }
    }
}
