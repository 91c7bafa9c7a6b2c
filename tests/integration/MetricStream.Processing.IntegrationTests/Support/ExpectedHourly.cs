using MetricStream.Avro.Records;
using MetricStream.Processing.Quantiles;

namespace MetricStream.Processing.IntegrationTests.Support;

/// <summary>1-hour rollups recomputed from the input points: exact count/sum/min/max, and exact quantiles to hold the sketch's to.</summary>
internal static class ExpectedHourly
{
    /// <summary>Asserts one emitted 1-hour aggregate against the points of its series and hour.</summary>
    public static void Check(WindowAggregate actual, IEnumerable<InputPoint> points)
    {
        var host = actual.Tags.Single(t => t.Key == "host").Value;
        var values = points.Where(p => p.Host == host && p.At >= actual.WindowStart && p.At < actual.WindowEnd).Select(p => p.Value).Order().ToList();
        values.Should().NotBeEmpty();
        (actual.Count, actual.Sum, actual.Min, actual.Max).Should().Be((values.Count, values.Sum(), values[0], values[^1]), $"the {host} hour {actual.WindowStart:HH:mm} is exact");
        foreach (var (q, estimate) in new[] { (0.5, actual.P50), (0.95, actual.P95), (0.99, actual.P99) })
        {
            // The sketch's documented bound: |estimate - x| <= alpha * |x| for the value x of rank floor(q (n - 1)).
            var exact = values[(int)Math.Floor(q * (values.Count - 1))];
            Math.Abs(estimate - exact).Should().BeLessThanOrEqualTo((QuantileSketch.DefaultRelativeAccuracy * Math.Abs(exact)) + 1e-9, $"p{q * 100} of {host}");
        }
    }
}
