using MetricStream.FaultTests.Support;
using Xunit.Abstractions;

namespace MetricStream.FaultTests.Scenarios;

/// <summary>
/// Scenario 4: a second processing instance joins the consumer group mid-run, then the first one is killed with
/// SIGKILL (no clean leave, no final commit) and started again.
/// </summary>
public sealed class ProcessingInstanceScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public async Task InstanceAddedThenOneSigkilledAndRestarted_WindowsRestoredWithoutLossOrDoubleCount()
    {
        await using var pipeline = await Pipeline.StartAsync("process-kill");
        await pipeline.StartEdgeAsync();
        var first = await pipeline.StartProcessAsync();
        var load = pipeline.NewLoad();
        using var stop = new CancellationTokenSource();
        var loading = Scenario.RunLoadAsync(load, stop.Token);
        await Scenario.AckedAsync(load, 40, "before the second instance");

        var second = await pipeline.StartProcessAsync();
        await Scenario.AckedAsync(load, 120, "with two instances");
        first.Signal(9);
        await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
        first.ExitCode.Should().NotBe(0, "SIGKILL");
        await Scenario.AckedAsync(load, 160, "after the kill");
        await pipeline.StartProcessAsync();

        await Scenario.FinishAsync(pipeline, load, loading, output, "processing instance added, one SIGKILLed and restarted");
        second.HasExited.Should().BeFalse(string.Join('\n', second.Errors.TakeLast(20)));
    }
}
