using System.Globalization;
using MetricStream.Avro.Records;
using MetricStream.Edge.IntegrationTests.Support;
using MetricStream.Testing;

namespace MetricStream.Edge.IntegrationTests.Clients;

/// <summary>Debian's real <c>prometheus</c> (2.42) scraping itself every second and remote-writing to the edge.</summary>
[Collection(EdgeCollection.Name)]
public sealed class PrometheusTests(EdgeFixture fixture) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("prometheus-").FullName;

    [Fact]
    public async Task RemoteWrite_RealPrometheus_SamplesInKafkaAsPointsOfTheKeysTenant()
    {
        File.Exists("/usr/bin/prometheus").Should().BeTrue("Debian's prometheus is required (apt-get install prometheus)");
        await using var edge = await fixture.StartEdgeAsync();
        var port = FreePort.Next();
        var config = Path.Combine(_dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: self
                static_configs:
                  - targets: ['127.0.0.1:{port}']
            remote_write:
              - url: {edge.Server.Url}api/v1/write
                authorization:
                  credentials: {EdgeHarness.GlobexKey}
                queue_config:
                  batch_send_deadline: 1s
                  min_backoff: 100ms
            """);

        using (var prometheus = ChildProcess.Start("prometheus",
        [
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(_dir, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
        ]))
        {
            await Poll.UntilAsync(
                () => edge.Server.Metrics.PointsAccepted.Get("globex") >= 2_000 || prometheus.HasExited,
                "Prometheus to remote-write 2,000 samples",
                TimeSpan.FromSeconds(90));
            prometheus.HasExited.Should().BeFalse(string.Join('\n', prometheus.Errors));
        }

        var requests = edge.Server.Metrics.Requests;
        requests.Get("/api/v1/write", "204").Should().BePositive();
        requests.Get("/api/v1/write", "400").Should().Be(0);
        requests.Get("/api/v1/write", "401").Should().Be(0);
        var points = edge.ReadAllPoints();
        points.Count.Should().BeGreaterThanOrEqualTo(2_000);
        points.Should().OnlyContain(p => p.Tenant == "globex" && p.Bucket == null && p.Fields.Count == 1 && p.Fields[0].Name == "value" && p.Fields[0].Value.Kind == FieldValueKind.Double);
        var up = points.Where(p => p.Measurement == "up").ToList();
        up.Should().NotBeEmpty();
        up.Should().OnlyContain(p => p.Fields[0].Value.AsDouble == 1 && p.Tags.Contains(new Tag("job", "self")) && p.Tags.Contains(new Tag("instance", $"127.0.0.1:{port}")));
        points.Select(p => p.Measurement).Should().Contain("prometheus_build_info");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        points.Should().OnlyContain(p => Math.Abs(now - p.TimestampNanos) < 600_000_000_000L, "sample timestamps are recent milliseconds, as nanoseconds");
        edge.Server.Metrics.PointsAccepted.Get("globex").Should().Be(points.Count, CultureInfo.InvariantCulture.ToString());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
