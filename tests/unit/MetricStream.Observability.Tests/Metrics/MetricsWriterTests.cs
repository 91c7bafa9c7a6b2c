using MetricStream.Observability.Metrics;
using MetricStream.Testing.Prometheus;

namespace MetricStream.Observability.Tests.Metrics;

public sealed class MetricsWriterTests
{
    [Fact]
    public void WriteTo_TwoRegistriesWithTheSameFamily_WritesItOnceFromTheFirst()
    {
        var first = new MetricsRegistry();
        first.Gauge("shared", "From the first.", () => 1);
        var second = new MetricsRegistry();
        second.Gauge("shared", "From the second.", () => 2);
        second.Gauge("own", "Only in the second.", () => 3);
        var writer = new MetricsWriter();

        first.WriteTo(writer);
        second.WriteTo(writer);

        var scrape = PrometheusTextParser.Parse(writer.ToString());
        scrape.Families.Keys.Should().BeEquivalentTo("shared", "own");
        scrape.Value("shared").Should().Be(1);
        scrape.Families["shared"].Help.Should().Be("From the first.");
        scrape.Value("own").Should().Be(3);
    }

    [Fact]
    public void HistogramFamily_SeriesPerLabelValues_RenderAsOneFamilyWithCumulativeBuckets()
    {
        var registry = new MetricsRegistry();
        var latency = registry.Histogram("req_seconds", "Latency.", ["endpoint"], 0.1, 1);
        latency.WithLabels("/a").Observe(0.05);
        latency.WithLabels("/a").Observe(0.5);
        latency.WithLabels("/b").Observe(3);

        var text = registry.Render();

        var scrape = PrometheusTextParser.Parse(text);
        scrape.Families["req_seconds"].Type.Should().Be("histogram");
        scrape.Value("req_seconds_bucket", ("endpoint", "/a"), ("le", "0.1")).Should().Be(1);
        scrape.Value("req_seconds_bucket", ("endpoint", "/a"), ("le", "1")).Should().Be(2);
        scrape.Value("req_seconds_bucket", ("endpoint", "/b"), ("le", "1")).Should().Be(0);
        scrape.Value("req_seconds_count", ("endpoint", "/b")).Should().Be(1);
        scrape.Value("req_seconds_sum", ("endpoint", "/a")).Should().BeApproximately(0.55, 1e-9);
        text.Should().Contain("req_seconds_bucket{endpoint=\"/a\",le=\"+Inf\"} 2\n");
    }

    [Fact]
    public void Collector_WritesFamiliesAtEachScrape_FromCurrentState()
    {
        var registry = new MetricsRegistry();
        var depth = 4;
        registry.Collector(w =>
        {
            if (w.Family("queue_depth", "Items queued.", MetricType.Gauge))
            {
                w.Sample(depth, ("queue", "a\"b"));
            }
        });

        PrometheusTextParser.Parse(registry.Render()).Value("queue_depth", ("queue", "a\"b")).Should().Be(4);
        depth = 9;
        PrometheusTextParser.Parse(registry.Render()).Value("queue_depth", ("queue", "a\"b")).Should().Be(9);
    }

    [Fact]
    public void Family_HelpWithBackslashAndNewline_IsEscaped()
    {
        var writer = new MetricsWriter();

        writer.Family("x", "a\\b\nc", MetricType.Gauge);
        writer.Sample(double.PositiveInfinity);

        writer.ToString().Should().Be("# HELP x a\\\\b\\nc\n# TYPE x gauge\nx +Inf\n");
        PrometheusTextParser.Parse(writer.ToString()).Families["x"].Help.Should().Be("a\\b\nc");
    }

    [Fact]
    public void Histogram_CountsNotOneMoreThanBounds_Throws()
    {
        var writer = new MetricsWriter();
        writer.Family("h", "H.", MetricType.Histogram);

        var write = () => writer.Histogram([1.0], [1], 1);

        write.Should().Throw<ArgumentException>();
    }
}
