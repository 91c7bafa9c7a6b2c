using MetricStream.Avro.Records;
using MetricStream.Edge.Ingest;
using MetricStream.Edge.LineProtocol;
using MetricStream.Host.Demo;

namespace MetricStream.IntegrationTests.Host.Demo;

/// <summary>Unit tests (no servers) of the demo agent's simulated hosts.</summary>
public sealed class DemoHostMetricsTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Sample_SameSeedAndTimes_SameLineProtocol()
    {
        var a = new DemoHostMetrics(5, seed: 42);
        var b = new DemoHostMetrics(5, seed: 42);
        var c = new DemoHostMetrics(5, seed: 43);

        for (var i = 0; i < 10; i++)
        {
            var time = Start.AddSeconds(10 * i);
            var bodyA = Body(a.Sample(time));
            Body(b.Sample(time)).Should().Be(bodyA, "the same seed and times give the same points");
            if (i == 0)
            {
                Body(c.Sample(time)).Should().NotBe(bodyA, "another seed gives other values");
            }
        }
    }

    [Fact]
    public void Sample_FiveHosts_EveryHostReportsCpuMemThreeDisksAndNet()
    {
        var metrics = new DemoHostMetrics(5, seed: 1);

        var points = metrics.Sample(Start.AddMilliseconds(400));

        metrics.Hosts.Should().Equal("web-01", "api-01", "db-01", "cache-01", "worker-01");
        points.Should().HaveCount(5 * DemoHostMetrics.PointsPerHost);
        points.Should().OnlyContain(p => p.Timestamp == Start, "points are stamped with the sample time in whole seconds");
        foreach (var host in metrics.Hosts)
        {
            var mine = points.Where(p => Tag(p, "host") == host).ToList();
            mine.Select(p => p.Measurement).Should().BeEquivalentTo(["cpu", "mem", "disk", "disk", "disk", "net"]);
            mine.Where(p => p.Measurement == "disk").Select(p => Tag(p, "path")).Should().BeEquivalentTo(["/", "/var", "/home"]);
            FieldNames(mine.Single(p => p.Measurement == "cpu")).Should().Equal("usage_user", "usage_system", "usage_idle");
            FieldNames(mine.Single(p => p.Measurement == "mem")).Should().Equal("used_percent", "available");
            FieldNames(mine.Single(p => p.Measurement == "net")).Should().Equal("bytes_recv", "bytes_sent");
        }
    }

    [Fact]
    public void Sample_ManySamples_ValuesStayRealistic()
    {
        var metrics = new DemoHostMetrics(7, seed: 7);
        var previous = new Dictionary<(string Host, string Field), long>();

        for (var i = 0; i < 360; i++)
        {
            foreach (var point in metrics.Sample(Start.AddSeconds(10 * i)))
            {
                var host = Tag(point, "host");
                switch (point.Measurement)
                {
                    case "cpu":
                        var user = Field(point, "usage_user").AsDouble;
                        var system = Field(point, "usage_system").AsDouble;
                        var idle = Field(point, "usage_idle").AsDouble;
                        new[] { user, system, idle }.Should().OnlyContain(v => v >= 0 && v <= 100);
                        (user + system + idle).Should().BeApproximately(100, 1e-6, "cpu percentages add up");
                        break;
                    case "mem":
                        Field(point, "used_percent").AsDouble.Should().BeInRange(0, 100);
                        Field(point, "available").Kind.Should().Be(FieldValueKind.Long);
                        Field(point, "available").AsLong.Should().BePositive();
                        break;
                    case "disk":
                        Field(point, "used_percent").AsDouble.Should().BeInRange(0, 100);
                        break;
                    case "net":
                        foreach (var name in new[] { "bytes_recv", "bytes_sent" })
                        {
                            var counter = Field(point, name).AsLong;
                            if (previous.TryGetValue((host, name), out var before))
                            {
                                counter.Should().BeGreaterThan(before, "network counters only grow");
                            }

                            previous[(host, name)] = counter;
                        }

                        break;
                }
            }
        }
    }

    [Fact]
    public void Sample_TimeNotAfterPrevious_Throws()
    {
        var metrics = new DemoHostMetrics(1, seed: 1);
        metrics.Sample(Start);

        var again = () => metrics.Sample(Start);

        again.Should().Throw<ArgumentOutOfRangeException>();
    }

    private static string Body(IEnumerable<MetricPoint> points) =>
        System.Text.Encoding.UTF8.GetString(LineProtocolFormatter.FormatBody(points, TimestampPrecision.Seconds));

    private static string Tag(MetricPoint point, string key) => point.Tags.Single(t => t.Key == key).Value;

    private static FieldValue Field(MetricPoint point, string name) => point.Fields.Single(f => f.Name == name).Value;

    private static IEnumerable<string> FieldNames(MetricPoint point) => point.Fields.Select(f => f.Name);
}
