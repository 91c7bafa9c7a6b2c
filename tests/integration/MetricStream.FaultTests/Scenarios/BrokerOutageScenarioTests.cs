using System.Diagnostics;
using MetricStream.FaultTests.Support;
using Xunit.Abstractions;

namespace MetricStream.FaultTests.Scenarios;

/// <summary>Scenario 1: every broker down for 10 s under a steady load, with and without the edge's durable spool.</summary>
public sealed class BrokerOutageScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AllBrokersDown10sUnderLoad_WithoutSpool_FailedRequestsAre503AndNoAckedPointLostOrDoubleCounted()
    {
        await using var pipeline = await Pipeline.StartAsync("brokers-down");
        await pipeline.StartEdgeAsync();
        await pipeline.StartProcessAsync();
        var load = pipeline.NewLoad();
        using var stop = new CancellationTokenSource();
        var loading = Scenario.RunLoadAsync(load, stop.Token);
        await Scenario.AckedAsync(load, 40, "before the outage");

        pipeline.Kafka.SetAllBrokersDown();
        var down = Stopwatch.StartNew();
        await Scenario.LastsAsync(down, TimeSpan.FromSeconds(10));
        var refusedDuringOutage = load.FailedRequests.GetValueOrDefault(503);
        pipeline.Kafka.SetAllBrokersUp();

        await Scenario.FinishAsync(pipeline, load, loading, output, "brokers down, no spool");
        refusedDuringOutage.Should().BeGreaterThan(0, "without a spool the edge answers 503 while Kafka is down (the fault took effect)");
    }

    [Fact]
    public async Task AllBrokersDown10sUnderLoad_WithSpool_WritesAcceptedAndEveryOneDeliveredOnce()
    {
        await using var pipeline = await Pipeline.StartAsync("brokers-down-spool");
        await pipeline.StartEdgeAsync(spool: Path.Combine(pipeline.Directory, "spool"));
        await pipeline.StartProcessAsync();
        var load = pipeline.NewLoad();
        using var stop = new CancellationTokenSource();
        var loading = Scenario.RunLoadAsync(load, stop.Token);
        await Scenario.AckedAsync(load, 40, "before the outage");

        pipeline.Kafka.SetAllBrokersDown();
        var down = Stopwatch.StartNew();
        var ackedAtDown = load.AckedRequests;
        await Scenario.LastsAsync(down, TimeSpan.FromSeconds(10));
        var ackedDuringOutage = load.AckedRequests - ackedAtDown;
        pipeline.Kafka.SetAllBrokersUp();

        var report = await Scenario.FinishAsync(pipeline, load, loading, output, "brokers down, spool");
        ackedDuringOutage.Should().BeGreaterThan(20, "with a spool the edge keeps acknowledging while Kafka is down");
        report.Acked.Should().Be(load.Acked.Count);
    }
}
