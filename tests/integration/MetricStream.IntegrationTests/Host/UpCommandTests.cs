using MetricStream.Testing;
using MetricStream.Testing.Influx;

namespace MetricStream.IntegrationTests.Host;

/// <summary><c>metricstream up</c> as users run it: the real executable, a real influxd, the shipped topologies.</summary>
public sealed class UpCommandTests : IDisposable
{
    private static readonly string[] DemoHosts = ["web-01", "api-01", "db-01"];
    private readonly string _dir = Directory.CreateTempSubdirectory("up-").FullName;

    [Fact]
    public async Task UpDemo_FromStart_PrintsEveryComponentAndRollupsOfTheDemoHostsReachInfluxDb()
    {
        var portBase = FreePortBlock.Next();
        using var process = Start("up", "--demo", "--demo-hosts", "3", "--data-dir", _dir, "--port-base", portBase.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var ready = await MetricStreamProcess.WaitForLineAsync(process, "ready");
        var lines = process.Output.Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]).ToList();
        lines.Should().ContainInOrder("kafka", "registry", "api-key", "admin-key", "edge", "influxdb", "process", "page", "ready");
        ready.Should().Contain("3 hosts");
        (await MetricStreamProcess.WaitForLineAsync(process, "edge")).Should().Be($"http://127.0.0.1:{portBase}");
        (await MetricStreamProcess.WaitForLineAsync(process, "registry")).Should().Be($"http://127.0.0.1:{portBase + 1}");
        var influxdb = await MetricStreamProcess.WaitForLineAsync(process, "influxdb");
        influxdb.Should().Be($"http://127.0.0.1:{portBase + 6}");
        process.Output.Where(l => l.StartsWith("process: ", StringComparison.Ordinal)).Should().Contain("process: rollups", "up runs the shipped topologies");
        (await MetricStreamProcess.WaitForLineAsync(process, "api-key")).Should().Be(Path.Combine(_dir, "demo.key"));
        Directory.Exists(Path.Combine(_dir, "influxdb", "data")).Should().BeTrue("influxd keeps its data under the data dir");
        var influxdPid = int.Parse(await File.ReadAllTextAsync(Path.Combine(_dir, "influxdb", "influxd.pid")), System.Globalization.CultureInfo.InvariantCulture);
        ProcessGroup(influxdPid).Should().NotBe(ProcessGroup(process.Id), "a terminal's Ctrl+C must reach only up, which stops influxd after flushing into it");
        var query = new InfluxQueryClient(new Uri(influxdb + "/"));

        // The backfilled minutes close at once (stream time passes their end + grace): rollups within a minute.
        await Poll.UntilAsync(
            async () => (await HostsWith(process, query, "SELECT count(\"mean\") FROM \"rollup_1m\".\"cpu\" WHERE \"tenant\" = 'demo' AND \"field\" = 'usage_user' GROUP BY \"host\"")).Count == DemoHosts.Length,
            "1-minute cpu rollups of every demo host in InfluxDB",
            TimeSpan.FromSeconds(120));
        (await HostsWith(process, query, "SELECT count(\"mean\") FROM \"rollup_1m\".\"cpu\" WHERE \"tenant\" = 'demo' AND \"field\" = 'usage_user' GROUP BY \"host\""))
            .Should().BeEquivalentTo(DemoHosts);
        const string WebMinutes = "SELECT \"count\", \"mean\", \"min\", \"max\" FROM \"rollup_1m\".\"cpu\" WHERE \"host\" = 'web-01' AND \"field\" = 'usage_user'";
        await Poll.UntilAsync(
            async () => (await query.RunAsync(WebMinutes, "metrics")).Single().Rows.Any(r => r["count"].GetInt64() == 6),
            "a full minute (six 10-second samples) of web-01");
        var minutes = (await query.RunAsync(WebMinutes, "metrics")).Single().Rows;
        minutes.Should().OnlyContain(r => r["count"].GetInt64() >= 1 && r["count"].GetInt64() <= 6, "a minute holds at most six samples, each counted once");
        minutes.Should().OnlyContain(r => r["mean"].GetDouble() >= r["min"].GetDouble() - 1e-9 && r["mean"].GetDouble() <= r["max"].GetDouble() + 1e-9);
        await Poll.UntilAsync(
            async () => (await HostsWith(process, query, "SELECT count(\"usage_user\") FROM \"raw\".\"cpu\" WHERE \"tenant\" = 'demo' GROUP BY \"host\"")).Count == DemoHosts.Length,
            "raw cpu points of every demo host in InfluxDB");
        (await query.CountAsync("metrics", "disk", "used_percent", "raw")).Should().BeGreaterThan(0);

        process.Signal(15);
        await process.WaitForExitAsync(TimeSpan.FromSeconds(90));
        process.ExitCode.Should().Be(0, "SIGTERM is a clean shutdown");
        var ping = async () => await query.RunAsync("SHOW DATABASES");
        await ping.Should().ThrowAsync<HttpRequestException>("up stops the influxd it started");
    }

    [Fact]
    public async Task Up_KilledThenStartedAgainOnTheSameDataDir_StopsTheLeftOverInfluxdAndKeepsKeyAndData()
    {
        var portBase = FreePortBlock.Next();
        var port = portBase.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string key;
        using (var first = Start("up", "--data-dir", _dir, "--port-base", port))
        {
            await MetricStreamProcess.WaitForLineAsync(first, "ready");
            key = await File.ReadAllTextAsync(Path.Combine(_dir, "demo.key"));
            await new InfluxQueryClient(new Uri($"http://127.0.0.1:{portBase + 6}/")).RunAsync("CREATE DATABASE survivor", post: true);
            first.Signal(9);
            await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        // influxd runs in its own session, so the crash left it running on the data dir and the port.
        var leftOver = int.Parse(await File.ReadAllTextAsync(Path.Combine(_dir, "influxdb", "influxd.pid")), System.Globalization.CultureInfo.InvariantCulture);
        File.Exists($"/proc/{leftOver}/cmdline").Should().BeTrue("the crash left influxd running");

        using var second = Start("up", "--data-dir", _dir, "--port-base", port);

        await MetricStreamProcess.WaitForLineAsync(second, "ready");
        File.Exists($"/proc/{leftOver}/cmdline").Should().BeFalse("up stops the influxd a crashed run left behind");
        (await File.ReadAllTextAsync(Path.Combine(_dir, "demo.key"))).Should().Be(key, "the demo key survives restarts");
        var databases = await new InfluxQueryClient(new Uri($"http://127.0.0.1:{portBase + 6}/")).RunAsync("SHOW DATABASES");
        databases.Single().Rows.Select(r => r["name"].GetString()).Should().Contain("survivor", "influxd's data lives in the data dir");
        second.Signal(15);
        await second.WaitForExitAsync(TimeSpan.FromSeconds(90));
        second.ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task Up_InfluxDbHangsOnWrites_StopsWithinItsShutdownTimeoutAndExits1()
    {
        await using var stalling = StallingInfluxServer.Start();
        var topologies = Directory.CreateDirectory(Path.Combine(_dir, "topologies")).FullName;
        await File.WriteAllTextAsync(Path.Combine(topologies, "raw.yaml"), TestTopologies.RawToInflux);
        var environment = new Dictionary<string, string>
        {
            ["METRICSTREAM__PROCESS__TOPOLOGIES"] = topologies,
            ["METRICSTREAM__SINKS__INFLUXDB__URLS"] = stalling.Url.ToString(),
            ["METRICSTREAM__SINKS__INFLUXDB__SHUTDOWNTIMEOUT"] = "00:00:02",
            ["METRICSTREAM__UP__SHUTDOWNTIMEOUT"] = "00:00:05",
        };
        using var process = MetricStreamProcess.Start(
            environment, "up", "--demo", "--demo-hosts", "1", "--data-dir", _dir, "--port-base", FreePortBlock.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await MetricStreamProcess.WaitForLineAsync(process, "ready");
        await Poll.UntilAsync(() => stalling.Writes > 0 || process.HasExited, "a write the stalling InfluxDB never answers", TimeSpan.FromSeconds(60));

        process.Signal(15);

        await process.WaitForExitAsync(TimeSpan.FromSeconds(90));
        process.ExitCode.Should().Be(1, "records were abandoned");
        string.Join('\n', process.Errors).Should().Contain("Processing did not stop within 00:00:05");
    }

    [Fact]
    public async Task Up_InfluxdMissing_ExitsWithAMessageToRunMakeRun()
    {
        var environment = new Dictionary<string, string> { ["METRICSTREAM__UP__INFLUXD"] = Path.Combine(_dir, "no-influxd") };
        using var process = MetricStreamProcess.Start(environment, "up", "--data-dir", _dir, "--port-base", FreePortBlock.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));

        await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        process.ExitCode.Should().Be(1);
        string.Join('\n', process.Errors).Should().Contain("no-influxd is missing").And.Contain("make run");
        process.Output.Should().BeEmpty("nothing was started");
    }

    [Fact]
    public async Task Up_PortBaseTooHigh_ExitsWithUsageError()
    {
        using var process = MetricStreamProcess.Start(null, "up", "--data-dir", _dir, "--port-base", "65533");

        await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        process.ExitCode.Should().Be(2);
        string.Join('\n', process.Errors).Should().Contain("--port-base must be from 1 to 65529");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Starts <c>metricstream</c> with the repository's topologies.</summary>
    internal static ChildProcess Start(params string[] arguments) =>
        MetricStreamProcess.Start(
            new Dictionary<string, string> { ["METRICSTREAM__PROCESS__TOPOLOGIES"] = Path.Combine(MetricStreamProcess.RepositoryRoot(), "topologies") },
            arguments);

    /// <summary>The process group id (field 5 of /proc/PID/stat, after the parenthesised command name).</summary>
    private static int ProcessGroup(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<List<string>> HostsWith(ChildProcess process, InfluxQueryClient query, string influxQl)
    {
        if (process.HasExited)
        {
            throw new InvalidOperationException($"up exited ({process.ExitCode}): {string.Join('\n', process.Errors.TakeLast(40))}");
        }

        try
        {
            var series = await query.RunAsync(influxQl, "metrics");
            return series.Where(s => s.Rows.Count > 0 && s.Rows[0]["count"].GetInt64() > 0).Select(s => s.Tags["host"]).ToList();
        }
        catch (InvalidOperationException)
        {
            // The database or retention policy is not provisioned yet.
            return [];
        }
        catch (HttpRequestException ex)
        {
            throw new InvalidOperationException($"influxd unreachable: {ex.Message}; up's stderr: {string.Join('\n', process.Errors.TakeLast(40))}; stdout: {string.Join('\n', process.Output)}", ex);
        }
    }
}
