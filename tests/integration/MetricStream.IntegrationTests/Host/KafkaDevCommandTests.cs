using MetricStream.Testing;

namespace MetricStream.IntegrationTests.Host;

public sealed class KafkaDevCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kafka-dev-").FullName;

    [Fact]
    public async Task KafkaDev_BootstrapFileAndTopicsConfig_KcatSeesThreeBrokersAndTheTopics()
    {
        var bootstrapFile = Path.Combine(_dir, "bootstrap");
        var topicsFile = Path.Combine(_dir, "topics.json");
        await File.WriteAllTextAsync(topicsFile, """
            { "topics": [
              { "name": "team.raw", "partitions": 4 },
              { "name": "team.table", "partitions": 1, "cleanupPolicy": "compact" } ] }
            """);
        using var process = MetricStreamProcess.Start(null, "kafka-dev", "--bootstrap-file", bootstrapFile, "--topics-config", topicsFile);
        await Poll.UntilAsync(() => File.Exists(bootstrapFile) || process.HasExited, "the bootstrap file");
        var bootstrap = (await File.ReadAllTextAsync(bootstrapFile)).Trim();

        var (exit, metadata, errors) = await ChildProcess.RunAsync("kcat", ["-L", "-b", bootstrap]);

        exit.Should().Be(0, errors);
        metadata.Should().Contain(" 3 brokers:");
        metadata.Should().Contain("topic \"team.raw\" with 4 partitions");
        metadata.Should().Contain("topic \"team.table\" with 1 partitions");
        (await MetricStreamProcess.WaitForLineAsync(process, "kafka")).Should().Be(bootstrap);

        process.Signal(15);
        await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        process.ExitCode.Should().Be(0, "SIGTERM is a clean shutdown");
        File.Exists(bootstrapFile).Should().BeFalse("the addresses die with the cluster");
    }

    [Fact]
    public async Task KafkaDev_InvalidTopicsConfig_ExitsWithErrorNamingFileAndField()
    {
        var topicsFile = Path.Combine(_dir, "bad.json");
        await File.WriteAllTextAsync(topicsFile, """{ "topics": [ { "name": "x", "partitions": -1 } ] }""");
        using var process = MetricStreamProcess.Start(null, "kafka-dev", "--topics-config", topicsFile);

        await process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        process.ExitCode.Should().Be(2);
        string.Join('\n', process.Errors).Should().Contain(topicsFile).And.Contain("partitions: '-1' must be a whole number from 1");
    }

    [Fact]
    public async Task KafkaDev_EnvironmentThenOption_OptionWins()
    {
        var environment = new Dictionary<string, string> { ["METRICSTREAM__KAFKADEV__BROKERS"] = "1" };
        using (var fromEnvironment = MetricStreamProcess.Start(environment, "kafka-dev"))
        {
            var bootstrap = await MetricStreamProcess.WaitForLineAsync(fromEnvironment, "kafka");
            bootstrap.Split(',').Should().HaveCount(1, "the environment variable sets the broker count");
        }

        using var fromOption = MetricStreamProcess.Start(environment, "kafka-dev", "--brokers", "2");
        (await MetricStreamProcess.WaitForLineAsync(fromOption, "kafka")).Split(',').Should().HaveCount(2, "an option beats the environment");
    }

    [Fact]
    public async Task Up_PrintsKafkaRegistryAndProcessLines_WithTheProductTopics()
    {
        var environment = new Dictionary<string, string>
        {
            ["METRICSTREAM__REGISTRY__LISTEN"] = "http://127.0.0.1:0",
            ["METRICSTREAM__PROCESS__TOPOLOGIES"] = Path.Combine(MetricStreamProcess.RepositoryRoot(), "topologies"),
        };
        using var process = MetricStreamProcess.Start(
            environment, "up", "--data-dir", Path.Combine(_dir, "up"), "--port-base", FreePortBlock.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var bootstrap = await MetricStreamProcess.WaitForLineAsync(process, "kafka");
        var registry = await MetricStreamProcess.WaitForLineAsync(process, "registry");
        await MetricStreamProcess.WaitForLineAsync(process, "ready");
        process.Output.Where(l => l.StartsWith("process: ", StringComparison.Ordinal)).Should().Contain("process: rollups", "up runs the shipped topologies");
        using var http = new HttpClient();
        // The registry answers on the printed address, and processing has registered its output schemas there.
        await Poll.UntilAsync(
            async () => (await http.GetStringAsync($"{registry}/subjects")).Contains("\"metrics.rollup.1m-value\"", StringComparison.Ordinal),
            "the rollup schema registered by processing");

        var (exit, metadata, errors) = await ChildProcess.RunAsync("kcat", ["-L", "-b", bootstrap]);

        exit.Should().Be(0, errors);
        metadata.Should().Contain("topic \"metrics.points\"").And.Contain("topic \"alert-rules\"").And.Contain("topic \"_schemas\" with 1 partitions");
        process.Signal(2);
        await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        process.ExitCode.Should().Be(0, "SIGINT is a clean shutdown");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
