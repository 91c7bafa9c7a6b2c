using System.Diagnostics;
using MetricStream.FaultTests.Support;
using Xunit.Abstractions;

namespace MetricStream.FaultTests.Scenarios;

/// <summary>
/// Scenario 6: the schema registry stopped under load and started again 10 s later on the same address (its
/// schemas come back from the <c>_schemas</c> topic); a processing instance started after the restart
/// resolves the schema ids it reads through the restarted registry.
/// </summary>
public sealed class RegistryRestartScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RegistryRestartedMidRun_EdgeAndProcessingCarryOnWithoutLossOrDoubleCount()
    {
        await using var pipeline = await Pipeline.StartAsync("registry-restart");
        await pipeline.StartEdgeAsync();
        var first = await pipeline.StartProcessAsync();
        var load = pipeline.NewLoad();
        using var stop = new CancellationTokenSource();
        var loading = Scenario.RunLoadAsync(load, stop.Token);
        await Scenario.AckedAsync(load, 40, "before the registry stops");

        pipeline.Registry!.Signal(9);
        await pipeline.Registry.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var down = Stopwatch.StartNew();
        await Scenario.LastsAsync(down, TimeSpan.FromSeconds(10));
        await pipeline.StartRegistryAsync();
        await pipeline.StartProcessAsync();

        await Scenario.FinishAsync(pipeline, load, loading, output, "registry restarted");
        load.FailedRequests.Should().BeEmpty("the edge caches its schema id: a registry outage does not refuse writes");
        first.HasExited.Should().BeFalse(string.Join('\n', first.Errors.TakeLast(20)));
    }
}
