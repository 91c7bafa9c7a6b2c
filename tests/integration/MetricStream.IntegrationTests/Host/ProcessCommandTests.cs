using System.Globalization;
using System.Net.Http.Headers;
using MetricStream.Testing;
using MetricStream.Testing.Influx;

namespace MetricStream.IntegrationTests.Host;

/// <summary><c>metricstream process</c> and its InfluxDB sink configuration.</summary>
public sealed class ProcessCommandTests : IClassFixture<InfluxdFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("process-cmd-").FullName;
    private readonly InfluxdFixture _influx;

    public ProcessCommandTests(InfluxdFixture influx) => _influx = influx;

    [Fact]
    public async Task Process_WithInfluxDb_WritesWhatTheEdgeAcceptedToInfluxDbAsTheKeysTenant()
    {
        // The roles as separate processes, as a real deployment runs them.
        using var kafka = MetricStreamProcess.Start(null, "kafka-dev");
        var bootstrap = await MetricStreamProcess.WaitForLineAsync(kafka, "kafka");
        using var registryProcess = MetricStreamProcess.Start(null, "registry", "--bootstrap", bootstrap, "--listen", $"http://127.0.0.1:{FreePort.Next()}");
        var registry = await MetricStreamProcess.WaitForLineAsync(registryProcess, "registry");
        var keyFile = Path.Combine(_dir, "api-keys");
        using var keys = MetricStreamProcess.Start(null, "keys", "add", "--tenant", "acme", "--api-keys", keyFile);
        await keys.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var key = keys.Output.Single();
        using var edgeProcess = MetricStreamProcess.Start(null, "edge", "--listen", $"http://127.0.0.1:{FreePort.Next()}", "--bootstrap", bootstrap, "--registry", registry, "--api-keys", keyFile);
        var edge = (await MetricStreamProcess.WaitForLineAsync(edgeProcess, "edge")).TrimEnd('/');
        await File.WriteAllTextAsync(Path.Combine(_dir, "raw.yaml"), TestTopologies.RawToInflux);
        var database = _influx.NewDatabaseName("process");
        using var process = MetricStreamProcess.Start(
            null, "process", "--bootstrap", bootstrap, "--registry", registry, "--topologies", _dir, "--influxdb", _influx.Url.ToString(), "--influxdb-database", database);
        (await MetricStreamProcess.WaitForLineAsync(process, "process")).Should().StartWith("raw-to-influx");
        var start = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var body = string.Join('\n', Enumerable.Range(0, 20).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"cpu,host=h{i % 4},tenant=spoofed usage_user={i}.5 {start + i}")));

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{edge}/api/v2/write?bucket=b&precision=s") { Content = new StringContent(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", key);
        using var response = await http.SendAsync(request);

        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
        await Poll.UntilAsync(
            async () => process.HasExited || await CountOrZeroAsync(database) == 20,
            "the 20 points in InfluxDB",
            TimeSpan.FromSeconds(60));
        process.HasExited.Should().BeFalse(string.Join('\n', process.Errors));
        var tenants = await _influx.Query.RunAsync("SELECT count(\"usage_user\") FROM \"raw\".\"cpu\" GROUP BY \"tenant\"", database);
        tenants.Select(s => s.Tags["tenant"]).Should().Equal(["acme"], "the tenant comes from the API key");
        process.Signal(15);
        await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        process.ExitCode.Should().Be(0, "SIGTERM is a clean shutdown");
    }

    [Fact]
    public async Task Process_TopologyWithInfluxSinkButNoInfluxDb_ExitsWithUsageErrorNamingTheSink()
    {
        await WriteTopologyAsync("rollup_1m");
        using var process = MetricStreamProcess.Start(null, "process", "--bootstrap", "127.0.0.1:1", "--topologies", _dir);

        await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        process.ExitCode.Should().Be(2);
        string.Join('\n', process.Errors).Should().Contain("sink 'minutes-influx' writes to influxdb: rollup_1m").And.Contain("--influxdb URL");
    }

    [Fact]
    public async Task Process_InfluxSinkToAnUnknownDestination_ExitsWithUsageErrorListingTheDefinedOnes()
    {
        await WriteTopologyAsync("rollup_5m");
        using var process = MetricStreamProcess.Start(null, "process", "--bootstrap", "127.0.0.1:1", "--topologies", _dir, "--influxdb", "http://127.0.0.1:1");

        await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        process.ExitCode.Should().Be(2);
        string.Join('\n', process.Errors).Should().Contain("destination 'rollup_5m'").And.Contain("alerts, raw, rollup_1h, rollup_1m");
    }

    [Fact]
    public async Task Process_BadInfluxDbModeOrUrl_ExitsWithUsageError()
    {
        await WriteTopologyAsync("rollup_1m");
        using var badMode = MetricStreamProcess.Start(null, "process", "--bootstrap", "127.0.0.1:1", "--topologies", _dir, "--influxdb", "http://127.0.0.1:1", "--influxdb-mode", "v9");
        using var badUrl = MetricStreamProcess.Start(null, "process", "--bootstrap", "127.0.0.1:1", "--topologies", _dir, "--influxdb", "ftp://x");

        await badMode.WaitForExitAsync(TimeSpan.FromSeconds(60));
        await badUrl.WaitForExitAsync(TimeSpan.FromSeconds(60));

        badMode.ExitCode.Should().Be(2);
        string.Join('\n', badMode.Errors).Should().Contain("Mode must be v1 or v2 (got 'v9')");
        badUrl.ExitCode.Should().Be(2);
        string.Join('\n', badUrl.Errors).Should().Contain("must be an http(s) URL").And.Contain("ftp://x");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<long> CountOrZeroAsync(string database)
    {
        try
        {
            return await _influx.Query.CountAsync(database, "cpu", "usage_user", "raw");
        }
        catch (InvalidOperationException)
        {
            return 0; // not provisioned yet
        }
    }

    private Task WriteTopologyAsync(string destination) => File.WriteAllTextAsync(Path.Combine(_dir, "minutes.yaml"), $"""
        topology: minutes
        processors:
          - name: points
            type: source
            topic: metrics.points
            schema: point-batch
          - name: minutes
            type: window-aggregate
            from: points
            window:
              type: tumbling
              size: 1m
              grace: 10s
            aggregates: [count, mean]
          - name: minutes-influx
            type: sink
            from: minutes
            influxdb: {destination}
        """);
}
