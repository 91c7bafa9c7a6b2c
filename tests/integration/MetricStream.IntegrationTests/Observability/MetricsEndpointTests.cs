using System.Globalization;
using System.Net.Http.Headers;
using MetricStream.IntegrationTests.Host;
using MetricStream.Testing;
using MetricStream.Testing.Influx;

namespace MetricStream.IntegrationTests.Observability;

/// <summary>
/// <c>/metrics</c> of every role, from the real executable: each parses as strict Prometheus text, serves exactly the
/// families docs/METRICS.md documents for it, and counts what the test did.
/// </summary>
public sealed class MetricsEndpointTests : IClassFixture<InfluxdFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metrics-").FullName;
    private readonly InfluxdFixture _influx;
    private readonly MetricsScraper _scraper = new();

    public MetricsEndpointTests(InfluxdFixture influx) => _influx = influx;

    [Fact]
    public async Task EdgeRegistryAndProcessRoles_ServeTheirDocumentedMetrics_CountingTheWrittenPoints()
    {
        using var kafka = MetricStreamProcess.Start(null, "kafka-dev");
        var bootstrap = await MetricStreamProcess.WaitForLineAsync(kafka, "kafka");
        using var registryProcess = MetricStreamProcess.Start(null, "registry", "--bootstrap", bootstrap, "--listen", $"http://127.0.0.1:{FreePort.Next()}");
        var registry = await MetricStreamProcess.WaitForLineAsync(registryProcess, "registry");
        var keyFile = Path.Combine(_dir, "api-keys");
        using var keys = MetricStreamProcess.Start(null, "keys", "add", "--tenant", "acme", "--api-keys", keyFile);
        await keys.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var key = keys.Output.Single();
        using var edgeProcess = MetricStreamProcess.Start(
            null, "edge", "--listen", $"http://127.0.0.1:{FreePort.Next()}", "--bootstrap", bootstrap, "--registry", registry, "--api-keys", keyFile, "--spool", Path.Combine(_dir, "spool"));
        var edge = await MetricStreamProcess.WaitForLineAsync(edgeProcess, "edge");
        var topologies = Directory.CreateDirectory(Path.Combine(_dir, "topologies")).FullName;
        await File.WriteAllTextAsync(Path.Combine(topologies, "raw.yaml"), TestTopologies.RawToInflux);
        var admin = $"http://127.0.0.1:{FreePort.Next()}";
        using var process = MetricStreamProcess.Start(
            null, "process", "--bootstrap", bootstrap, "--registry", registry, "--topologies", topologies,
            "--influxdb", _influx.Url.ToString(), "--influxdb-database", _influx.NewDatabaseName("metrics"), "--admin-listen", admin);
        (await MetricStreamProcess.WaitForLineAsync(process, "admin")).Should().Be(admin);

        await WriteAsync(edge, key, 20);

        // The request is counted as its handler ends, which may be just after the client saw the answer.
        var edgeScrape = await _scraper.ScrapeUntilAsync(
            edge, s => s.Samples("edge_http_requests_total").Any(r => r.Has(("endpoint", "/api/v2/write"))), "the write request counted");
        edgeScrape.Value("edge_points_accepted_total", ("tenant", "acme")).Should().Be(20);
        edgeScrape.Value("edge_http_requests_total", ("endpoint", "/api/v2/write"), ("status", "204")).Should().Be(1);
        edgeScrape.Value("edge_produce_duration_seconds_count").Should().BeGreaterThanOrEqualTo(1);
        DocumentedMetrics.ShouldMatch(edgeScrape, "metricstream edge --spool", "Process", "Edge");

        var processScrape = await _scraper.ScrapeUntilAsync(
            admin,
            s => process.HasExited || s.Samples("metricstream_streams_points_in_total").Sum(p => p.Value) >= 20,
            "the process role to count the 20 points");
        process.HasExited.Should().BeFalse(string.Join('\n', process.Errors));
        processScrape.Value("metricstream_streams_points_in_total", ("application", "raw-to-influx"), ("topology", "raw-to-influx")).Should().Be(20);
        processScrape.Samples("metricstream_streams_partition_lag").Should().NotBeEmpty("every assigned partition has a lag gauge");
        processScrape.Samples("metricstream_streams_processor_records_in_total").Select(s => s.Labels["processor"]).Should().Contain(["points", "raw-influx"]);
        DocumentedMetrics.ShouldMatch(processScrape, "metricstream process --admin-listen", "Process", "Streams", "Alerts", "Alert webhooks", "InfluxDB sink");

        var registryScrape = await _scraper.ScrapeAsync(registry);
        registryScrape.Samples("metricstream_registry_http_requests_total")
            .Where(s => s.Has(("endpoint", "/subjects/{subject}/versions"), ("method", "POST"), ("status", "200")))
            .Sum(s => s.Value).Should().BeGreaterThanOrEqualTo(1, "the edge registered its schema through that route");
        registryScrape.Samples("metricstream_registry_http_requests_total").Should().OnlyContain(
            s => !s.Labels["endpoint"].Contains("metrics.points", StringComparison.Ordinal), "routes, not paths, are the endpoint label");
        DocumentedMetrics.ShouldMatch(registryScrape, "metricstream registry", "Process", "Schema registry");
    }

    [Fact]
    public async Task Up_AdminListener_ServesEveryInProcessRolesDocumentedMetrics()
    {
        var portBase = FreePortBlock.Next();
        using var up = UpCommandTests.Start("up", "--demo", "--demo-hosts", "2", "--data-dir", _dir, "--port-base", portBase.ToString(CultureInfo.InvariantCulture));
        var page = await MetricStreamProcess.WaitForLineAsync(up, "page");
        await MetricStreamProcess.WaitForLineAsync(up, "ready");

        var scrape = await _scraper.ScrapeUntilAsync(
            page,
            s => up.HasExited || (s.Samples("edge_points_accepted_total").Any(p => p.Value > 0) && s.Samples("metricstream_streams_points_in_total").Sum(p => p.Value) > 0),
            "the demo agent's points counted by the edge and the streams applications",
            TimeSpan.FromSeconds(90));

        up.HasExited.Should().BeFalse(string.Join('\n', up.Errors.TakeLast(30)));
        scrape.Value("edge_points_accepted_total", ("tenant", "demo")).Should().BeGreaterThan(0);
        scrape.Samples("metricstream_streams_records_in_total").Select(s => s.Labels["topology"]).Should().Contain("rollups");
        DocumentedMetrics.ShouldMatch(scrape, "metricstream up", "Process", "Edge", "Streams", "Alerts", "Alert webhooks", "InfluxDB sink");
        up.Signal(15);
        await up.WaitForExitAsync(TimeSpan.FromSeconds(90));
    }

    public void Dispose()
    {
        _scraper.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static async Task WriteAsync(string edge, string key, int points)
    {
        var start = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var body = string.Join('\n', Enumerable.Range(0, points).Select(i => string.Create(CultureInfo.InvariantCulture, $"cpu,host=h{i % 4} usage_user={i}.5 {start + i}")));
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{edge.TrimEnd('/')}/api/v2/write?bucket=b&precision=s") { Content = new StringContent(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", key);
        using var response = await http.SendAsync(request);
        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
    }
}
