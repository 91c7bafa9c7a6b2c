using System.Globalization;
using System.Net.Http.Headers;
using MetricStream.IntegrationTests.Host;
using MetricStream.IntegrationTests.Observability;
using MetricStream.Testing;
using MetricStream.Testing.Influx;

namespace MetricStream.IntegrationTests.Compose;

/// <summary>
/// The roles against the servers <see cref="ExternalServers"/> names (docker-compose.yml's under
/// <c>make test-compose</c>, hand-started ones under <c>deploy/test-external.sh</c>), or against servers this test
/// starts when the variables are unset: a point posted to the edge reaches the InfluxDB sink.
/// </summary>
public sealed class ExternalServersTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("external-").FullName;
    private readonly List<ChildProcess> _started = [];
    private InfluxdFixture? _ownInflux;

    [Fact]
    public async Task EdgeAndProcess_OnTheGivenServers_CarryPointsToInfluxDb()
    {
        var bootstrap = ExternalServers.Bootstrap ?? await StartAsync("kafka", "kafka-dev");
        var registry = ExternalServers.Registry?.ToString().TrimEnd('/')
            ?? await StartAsync("registry", "registry", "--bootstrap", bootstrap, "--listen", $"http://127.0.0.1:{FreePort.Next()}");
        var influx = ExternalServers.Influx;
        if (influx is null)
        {
            _ownInflux = await InfluxdFixture.StartAsync();
        }

        var influxUrl = influx?.Url ?? _ownInflux!.Url;
        var tenant = "ext" + Guid.NewGuid().ToString("N")[..8];
        var keyFile = Path.Combine(_dir, "api-keys");
        string key;
        using (var keys = MetricStreamProcess.Start(null, "keys", "add", "--tenant", tenant, "--api-keys", keyFile))
        {
            await keys.WaitForExitAsync(TimeSpan.FromSeconds(60));
            key = keys.Output.Single();
        }

        var edge = await StartAsync("edge", "edge", "--listen", $"http://127.0.0.1:{FreePort.Next()}", "--bootstrap", bootstrap, "--registry", registry, "--api-keys", keyFile);
        var topologies = Directory.CreateDirectory(Path.Combine(_dir, "topologies")).FullName;
        var application = "raw-" + tenant;
        await File.WriteAllTextAsync(Path.Combine(topologies, "raw.yaml"), TestTopologies.RawToInflux.Replace("topology: raw-to-influx", $"topology: {application}", StringComparison.Ordinal));
        var database = "ext_" + tenant;
        var admin = $"http://127.0.0.1:{FreePort.Next()}";
        string[] sink = influx is { Api: "v2" }
            ? ["--influxdb-mode", "v2", "--influxdb-token", influx.Token!, "--influxdb-org", influx.Organization!]
            : ["--influxdb-database", database];
        var environment = influx is { Api: "v2" } ? new Dictionary<string, string> { ["METRICSTREAM__SINKS__INFLUXDB__DESTINATIONS__raw__BUCKET"] = "raw" } : null;
        await StartAsync(
            "admin", environment, ["process", "--bootstrap", bootstrap, "--registry", registry, "--topologies", topologies, "--influxdb", influxUrl.ToString(), "--admin-listen", admin, .. sink]);

        await WriteAsync(edge, key, tenant, 25);

        using var scraper = new MetricsScraper();
        (await scraper.ScrapeAsync(edge)).Value("edge_points_accepted_total", ("tenant", tenant)).Should().Be(25);
        var processed = await scraper.ScrapeUntilAsync(
            admin,
            s => s.Samples("metricstream_sink_influx_lines_written_total").Sum(x => x.Value) >= 25,
            "the 25 points written by the InfluxDB sink",
            TimeSpan.FromSeconds(90));
        processed.Value("metricstream_streams_points_in_total", ("application", application), ("topology", application)).Should().BeGreaterThanOrEqualTo(25);
        if (influx is null or { Api: "v1" })
        {
            var query = new InfluxQueryClient(influxUrl);
            var series = await query.RunAsync($"SELECT count(\"usage_user\") FROM \"raw\".\"cpu\" WHERE \"tenant\" = {InfluxQueryClient.Literal(tenant)}", database);
            series.Single().Rows.Single()["count"].GetInt64().Should().Be(25);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_started))
        {
            process.Signal(15);
            await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
            process.Dispose();
        }

        if (_ownInflux is not null)
        {
            await _ownInflux.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private Task<string> StartAsync(string line, params string[] arguments) => StartAsync(line, null, arguments);

    private async Task<string> StartAsync(string line, IDictionary<string, string>? environment, string[] arguments)
    {
        var process = MetricStreamProcess.Start(environment, arguments);
        _started.Add(process);
        return (await MetricStreamProcess.WaitForLineAsync(process, line)).TrimEnd('/');
    }

    private static async Task WriteAsync(string edge, string key, string tenant, int points)
    {
        var start = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var body = string.Join('\n', Enumerable.Range(0, points).Select(i => string.Create(CultureInfo.InvariantCulture, $"cpu,host=h{i % 5},tenant=spoofed usage_user={i}.25 {start + i}")));
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{edge}/api/v2/write?bucket=b&precision=s") { Content = new StringContent(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", key);
        using var response = await http.SendAsync(request);
        response.IsSuccessStatusCode.Should().BeTrue($"{tenant}: {await response.Content.ReadAsStringAsync()}");
    }
}
