using MetricStream.Avro.Records;
using MetricStream.Processing.Aggregation;
using MetricStream.Processing.Quantiles;
using MetricStream.Processing.TestDriver;
using MetricStream.Processing.Tests.Quantiles;
using MetricStream.Processing.Topology;
using MetricStream.Processing.Windows;

namespace MetricStream.Processing.Tests.Aggregation;

public class RollupMergeTests
{
    private static readonly DateTimeOffset Hour0 = new(2024, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void HourFromMinuteRollups_EqualsHourFromPoints()
    {
        var chained = new TopologyBuilder("chained")
            .Source("points", "in", SourceSchema.MetricPoint)
            .WindowAggregate("m1", "points", TumblingWindow.Of(TimeSpan.FromMinutes(1), TimeSpan.Zero), Aggregates.All)
            .WindowAggregate("h1", "m1", TumblingWindow.Of(TimeSpan.FromHours(1), TimeSpan.Zero), Aggregates.All)
            .Sink("out", "h1", "out")
            .Build();
        var direct = new TopologyBuilder("direct")
            .Source("points", "in", SourceSchema.MetricPoint)
            .WindowAggregate("h1", "points", TumblingWindow.Of(TimeSpan.FromHours(1), TimeSpan.Zero), Aggregates.All)
            .Sink("out", "h1", "out")
            .Build();

        var fromMinutes = Run(chained);
        var fromPoints = Run(direct);

        fromMinutes.Should().HaveCount(6); // 3 hosts x 2 fields, one hour
        fromPoints.Should().HaveCount(6);
        for (var i = 0; i < fromPoints.Count; i++)
        {
            var m = fromMinutes[i];
            var p = fromPoints[i];
            (m.Tenant, m.Measurement, m.Field, m.WindowStart, m.WindowEnd).Should().Be((p.Tenant, p.Measurement, p.Field, p.WindowStart, p.WindowEnd));
            m.Count.Should().Be(p.Count);
            m.Min.Should().Be(p.Min);
            m.Max.Should().Be(p.Max);
            m.Last.Should().Be(p.Last);
            m.Sum.Should().BeApproximately(p.Sum, Math.Abs(p.Sum) * 1e-12);
            m.Mean.Should().BeApproximately(p.Mean, Math.Abs(p.Mean) * 1e-12);
            m.Sketch.ToArray().Should().Equal(p.Sketch.ToArray(), "bucket counts add up exactly");
            (m.P50, m.P95, m.P99).Should().Be((p.P50, p.P95, p.P99));

            var exact = ExactValues(i);
            Array.Sort(exact);
            foreach (var (q, estimate) in new[] { (0.5, m.P50), (0.95, m.P95), (0.99, m.P99) })
            {
                var x = exact[(int)Math.Floor(q * (exact.Length - 1))];
                Math.Abs(estimate - x).Should().BeLessThanOrEqualTo((QuantileSketch.DefaultRelativeAccuracy * Math.Abs(x)) + 1e-12);
            }
        }
    }

    [Fact]
    public void Last_EqualEventTimes_LaterArrivalWins()
    {
        var topology = new TopologyBuilder("t")
            .Source("points", "in", SourceSchema.MetricPoint)
            .WindowAggregate("m1", "points", TumblingWindow.Of(TimeSpan.FromMinutes(1), TimeSpan.Zero), Aggregates.All)
            .Sink("out", "m1", "out")
            .Build();
        using var driver = new TopologyTestDriver(topology);
        var input = driver.CreateInputTopic("in");
        input.PipeInput(Point("a", Hour0.AddSeconds(30), 1, 1));
        input.PipeInput(Point("a", Hour0.AddSeconds(30), 2, 2));
        input.PipeInput(Point("a", Hour0.AddSeconds(10), 3, 3));
        input.PipeInput(Point("a", Hour0.AddMinutes(5), 0, 0));

        var first = driver.CreateOutputTopic("out").ReadAggregatesToList().First(a => a.Field == "usage");
        first.Last.Should().Be(2);
    }

    private static readonly Dictionary<string, List<double>> Exact = [];

    private static double[] ExactValues(int outputIndex)
    {
        var key = Exact.Keys.Order(StringComparer.Ordinal).ElementAt(outputIndex);
        return [.. Exact[key]];
    }

    private static List<WindowAggregate> Run(MetricStream.Processing.Topology.Topology topology)
    {
        Exact.Clear();
        using var driver = new TopologyTestDriver(topology);
        var input = driver.CreateInputTopic("in");
        var values = QuantileSketchTests.Sample("lognormal", 3 * 3600, seed: 11);
        var random = new Random(5);
        var k = 0;
        for (var second = 0; second < 3600; second++)
        {
            foreach (var host in new[] { "a", "b", "c" })
            {
                var usage = values[k++];
                var idle = random.Next(0, 100);
                input.PipeInput(Point(host, Hour0.AddSeconds(second), usage, idle));
                Record(host, "usage", usage);
                Record(host, "idle", idle);
            }
        }

        // The 1h processor's stream time moves with the 1m rollups it receives, so close one minute past the hour.
        input.PipeInput(Point("a", Hour0.AddHours(2), 0, 0));
        input.PipeInput(Point("a", Hour0.AddHours(2).AddMinutes(1), 0, 0));
        return [.. driver.CreateOutputTopic("out").ReadAggregatesToList().Where(a => a.WindowStart == Hour0)];
    }

    private static void Record(string host, string field, double value)
    {
        var key = $"acme/cpu,host={host} {field}";
        if (!Exact.TryGetValue(key, out var list))
        {
            Exact[key] = list = [];
        }

        list.Add(value);
    }

    private static MetricPoint Point(string host, DateTimeOffset time, double usage, long idle) =>
        new MetricPoint { Tenant = "acme", Measurement = "cpu", Timestamp = time }
            .AddTag("host", host)
            .AddField("usage", usage)
            .AddField("idle", idle);
}
