using System.Diagnostics;
using MetricStream.FaultTests.Support;
using Xunit.Abstractions;

namespace MetricStream.FaultTests.Scenarios;

/// <summary>Scenario 3: the real influxd killed (SIGKILL) under load and restarted 10 s later.</summary>
public sealed class InfluxdRestartScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public async Task InfluxdKilledAndRestartedMidRun_SinkRetriesWithoutLossOrDoubleCount()
    {
        await using var pipeline = await Pipeline.StartAsync("influxd-restart");
        await pipeline.StartEdgeAsync();
        await pipeline.StartProcessAsync();
        var load = pipeline.NewLoad();
        using var stop = new CancellationTokenSource();
        var loading = Scenario.RunLoadAsync(load, stop.Token);
        await Scenario.AckedAsync(load, 60, "before the kill");

        pipeline.Influx.Server.Kill();
        var down = Stopwatch.StartNew();
        pipeline.Influx.Server.IsRunning.Should().BeFalse();
        await Scenario.LastsAsync(down, TimeSpan.FromSeconds(10));
        await pipeline.Influx.Server.RestartAsync();

        await Scenario.FinishAsync(pipeline, load, loading, output, "influxd killed and restarted");
        load.FailedRequests.Should().BeEmpty("the edge does not depend on InfluxDB");
    }
}
