using MetricStream.Observability.Metrics;
using MetricStream.Observability.Runtime;
using MetricStream.Testing.Prometheus;

namespace MetricStream.Observability.Tests.Runtime;

public sealed class ProcessMetricsTests
{
    [Fact]
    public void AddTo_Scrape_HasTheProcessMemoryGcAndThreadPoolFigures()
    {
        var registry = ProcessMetrics.AddTo(new MetricsRegistry());

        var scrape = PrometheusTextParser.Parse(registry.Render());

        scrape.Value("process_resident_memory_bytes").Should().BeGreaterThan(1024 * 1024);
        scrape.Value("process_cpu_seconds_total").Should().BeGreaterThan(0);
        scrape.Value("process_start_time_seconds").Should().BeGreaterThan(1.7e9, "seconds since 1970, after 2023");
        scrape.Value("process_open_fds").Should().BeGreaterThan(2);
        scrape.Value("dotnet_threadpool_threads").Should().BeGreaterThan(0);
        scrape.Value("dotnet_gc_allocated_bytes_total").Should().BeGreaterThan(0);
        scrape.Families["dotnet_gc_collections_total"].Samples.Select(s => s.Labels["generation"]).Should().Equal("0", "1", "2");
    }

    [Fact]
    public void Scrape_AfterACollection_CountsIt()
    {
        var registry = ProcessMetrics.AddTo(new MetricsRegistry());
        var before = PrometheusTextParser.Parse(registry.Render()).Value("dotnet_gc_collections_total", ("generation", "2"));

        GC.Collect(2, GCCollectionMode.Forced, blocking: true);

        PrometheusTextParser.Parse(registry.Render()).Value("dotnet_gc_collections_total", ("generation", "2")).Should().BeGreaterThan(before);
    }
}
