using MetricStream.Avro.Records;

namespace MetricStream.Processing.IntegrationTests.Support;

/// <summary>One 1-minute rollup, as recomputed by the test or as read back from the output topic.</summary>
internal sealed record Rollup(string Host, DateTimeOffset Start, DateTimeOffset End, long Count, double Sum, double Min, double Max, double Mean, double Last)
{
    public static Rollup From(WindowAggregate a) =>
        new(a.Tags.Single(t => t.Key == "host").Value, a.WindowStart, a.WindowEnd, a.Count, a.Sum, a.Min, a.Max, a.Mean, a.Last);
}

/// <summary>1-minute rollups recomputed from the input points, independently of the engine.</summary>
internal static class ExpectedRollups
{
    public static List<Rollup> OneMinute(IEnumerable<InputPoint> points) =>
    [
        .. points
            .GroupBy(p => (p.Host, Start: new DateTimeOffset(p.At.UtcTicks - (p.At.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero)))
            .Select(g =>
            {
                var ordered = g.OrderBy(p => p.At).ToList();
                var sum = ordered.Sum(p => p.Value);
                return new Rollup(g.Key.Host, g.Key.Start, g.Key.Start.AddMinutes(1), ordered.Count, sum, ordered.Min(p => p.Value), ordered.Max(p => p.Value), sum / ordered.Count, ordered[^1].Value);
            })
            .OrderBy(r => r.Host, StringComparer.Ordinal)
            .ThenBy(r => r.Start),
    ];
}
