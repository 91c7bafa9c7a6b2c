using MetricStream.FaultTests.Support;
using Xunit.Abstractions;

namespace MetricStream.FaultTests.Scenarios;

/// <summary>
/// Scenario 5: the edge killed with SIGKILL mid-load and started again on the same port. Only points of
/// 2xx-answered requests are owed; the ones in flight at the kill may or may not arrive, but at most once.
/// </summary>
public sealed class EdgeKillScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EdgeSigkilledMidLoadAndRestarted_EveryAckedPointOnceAndNothingInvented()
    {
        await using var pipeline = await Pipeline.StartAsync("edge-kill");
        var edge = await pipeline.StartEdgeAsync();
        await pipeline.StartProcessAsync();
        var load = pipeline.NewLoad();
        using var stop = new CancellationTokenSource();
        var loading = Scenario.RunLoadAsync(load, stop.Token);
        await Scenario.AckedAsync(load, 60, "before the kill");

        edge.Signal(9);
        await edge.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var ackedAtKill = load.AckedRequests;
        await pipeline.StartEdgeAsync();
        var unansweredWhileDown = load.FailedRequests.GetValueOrDefault(0);

        await Scenario.FinishAsync(pipeline, load, loading, output, "edge SIGKILLed and restarted");
        unansweredWhileDown.Should().BeGreaterThan(0, "requests posted while the edge was dead got no answer (the fault took effect)");
        load.AckedRequests.Should().BeGreaterThan(ackedAtKill, "the restarted edge acknowledges again");
    }
}
