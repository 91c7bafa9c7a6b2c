using MetricStream.Observability.Metrics;

namespace MetricStream.Observability.Tests.Metrics;

public sealed class MetricsRegistryTests
{
    [Fact]
    public void Render_CounterGaugeHistogram_InPrometheusTextFormat()
    {
        var registry = new MetricsRegistry();
        var counter = registry.Counter("c_total", "A counter.", "tenant");
        registry.Gauge("g", "A gauge.", () => 2.5);
        var histogram = registry.Histogram("h_seconds", "A histogram.", 0.1, 1);
        counter.Add(3, "b");
        counter.Add(2, "a\"x\\y\nz");
        counter.Add(4, "b");
        histogram.Observe(0.05);
        histogram.Observe(0.5);
        histogram.Observe(7);

        registry.Render().Should().Be(
            "# HELP c_total A counter.\n# TYPE c_total counter\n"
            + "c_total{tenant=\"a\\\"x\\\\y\\nz\"} 2\nc_total{tenant=\"b\"} 7\n"
            + "# HELP g A gauge.\n# TYPE g gauge\ng 2.5\n"
            + "# HELP h_seconds A histogram.\n# TYPE h_seconds histogram\n"
            + "h_seconds_bucket{le=\"0.1\"} 1\nh_seconds_bucket{le=\"1\"} 2\nh_seconds_bucket{le=\"+Inf\"} 3\n"
            + "h_seconds_sum 7.55\nh_seconds_count 3\n");
        counter.Get("b").Should().Be(7);
    }

    [Fact]
    public void Counter_WrongLabelCount_Throws()
    {
        var counter = new MetricsRegistry().Counter("c_total", "A counter.", "a", "b");

        var add = () => counter.Add(1, "only-one");

        add.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Counter_ConcurrentAdds_AreAllCounted()
    {
        var counter = new MetricsRegistry().Counter("c_total", "A counter.", "t");

        Parallel.For(0, 100_000, i => counter.Add(1, (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        (counter.Get("0") + counter.Get("1") + counter.Get("2")).Should().Be(100_000);
    }
}
