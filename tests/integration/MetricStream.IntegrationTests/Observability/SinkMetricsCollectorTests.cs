using MetricStream.Host.Admin.Metrics;
using MetricStream.Observability.Metrics;
using MetricStream.Sinks.InfluxDB;
using MetricStream.Sinks.Routing;
using MetricStream.Testing.Prometheus;

namespace MetricStream.IntegrationTests.Observability;

/// <summary>How the InfluxDB sink's snapshot becomes Prometheus families (no servers: a snapshot made by hand).</summary>
public sealed class SinkMetricsCollectorTests
{
    [Fact]
    public void Write_Snapshot_RendersTargetsCircuitOneHotCumulativeLatencyAndRouteReasons()
    {
        var a = new InfluxTargetSnapshot("a", InfluxCircuitState.HalfOpen, 10, 2, 1, 5, 400, 1, 2, 0, 3, TimeSpan.FromSeconds(0.5), TimeSpan.FromMilliseconds(40))
        {
            BytesSent = 1234,
            LatencyBuckets = [new(TimeSpan.FromMilliseconds(10), 1), new(TimeSpan.FromMilliseconds(100), 4)],
            LatencyCount = 5,
        };
        var b = new InfluxTargetSnapshot("b", InfluxCircuitState.Closed, 0, 0, 0, 0, 0, 0, 0, 0, 0, TimeSpan.Zero, TimeSpan.Zero);
        var snapshot = new InfluxSinkSnapshot("tenant-hash", [a, b], 500, 7, 3, 1)
        {
            RouteDecisions = [new("tenant-hash", "a", RouteReason.Primary, 8), new("tenant-hash", "a", RouteReason.Failover, 2)],
        };
        var writer = new MetricsWriter();

        SinkMetricsCollector.Write(writer, snapshot);

        var scrape = PrometheusTextParser.Parse(writer.ToString());
        scrape.Value("metricstream_sink_influx_lines_written_total", ("target", "a")).Should().Be(400);
        scrape.Value("metricstream_sink_influx_in_flight", ("target", "a")).Should().Be(3);
        scrape.Value("metricstream_sink_influx_bytes_sent_total", ("target", "a")).Should().Be(1234);
        scrape.Value("metricstream_sink_influx_circuit_state", ("target", "a"), ("state", "half_open")).Should().Be(1);
        scrape.Value("metricstream_sink_influx_circuit_state", ("target", "a"), ("state", "closed")).Should().Be(0);
        scrape.Value("metricstream_sink_influx_circuit_state", ("target", "b"), ("state", "closed")).Should().Be(1);
        scrape.Value("metricstream_sink_influx_request_duration_seconds_bucket", ("target", "a"), ("le", "0.01")).Should().Be(1);
        scrape.Value("metricstream_sink_influx_request_duration_seconds_bucket", ("target", "a"), ("le", "0.1")).Should().Be(4);
        scrape.Value("metricstream_sink_influx_request_duration_seconds_bucket", ("target", "a"), ("le", "+Inf")).Should().Be(5);
        scrape.Value("metricstream_sink_influx_request_duration_seconds_sum", ("target", "a")).Should().Be(0.5);
        scrape.Samples("metricstream_sink_influx_request_duration_seconds_count").Should().ContainSingle("target b has no buckets yet");
        scrape.Value("metricstream_sink_influx_route_decisions_total", ("target", "a"), ("reason", "failover")).Should().Be(2);
        scrape.Value("metricstream_sink_influx_lines_pending").Should().Be(7);
        scrape.Value("metricstream_sink_influx_dead_letters_total").Should().Be(3);
    }

    [Fact]
    public void Write_NoSink_WritesEveryFamilyHeaderWithoutSamples()
    {
        var writer = new MetricsWriter();

        SinkMetricsCollector.Write(writer, null);

        var scrape = PrometheusTextParser.Parse(writer.ToString());
        scrape.Families.Should().HaveCount(16);
        scrape.Families.Values.Should().OnlyContain(f => f.Samples.Count == 0);
    }
}
