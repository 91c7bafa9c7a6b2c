using System.Diagnostics;
using Confluent.Kafka;
using MetricStream.FaultTests.Support;
using MetricStream.Kafka.Embedded;
using Xunit.Abstractions;

namespace MetricStream.FaultTests.Scenarios;

/// <summary>
/// Scenario 2: the brokers answer slowly (300 ms round trips) and some produce, fetch and offset-commit requests
/// fail with retriable errors, and partition leadership moves, all under a steady load.
/// </summary>
public sealed class BrokerFaultInjectionScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RequestErrorsAndRoundTripDelays_RetriedWithoutLossOrDoubleCount()
    {
        await using var pipeline = await Pipeline.StartAsync("broker-errors");
        await pipeline.StartEdgeAsync();
        await pipeline.StartProcessAsync();
        var load = pipeline.NewLoad();
        using var stop = new CancellationTokenSource();
        var loading = Scenario.RunLoadAsync(load, stop.Token);
        await Scenario.AckedAsync(load, 40, "before the faults");

        var faults = Stopwatch.StartNew();
        foreach (var broker in pipeline.Kafka.BrokerIds)
        {
            pipeline.Kafka.SetRoundTripTime(broker, TimeSpan.FromMilliseconds(300));
        }

        pipeline.Kafka.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotEnoughReplicas, ErrorCode.LeaderNotAvailable);
        pipeline.Kafka.PushRequestErrors(KafkaApiKey.Fetch, ErrorCode.NotLeaderForPartition, ErrorCode.UnknownTopicOrPart, ErrorCode.RequestTimedOut);
        pipeline.Kafka.PushRequestErrors(KafkaApiKey.OffsetCommit, ErrorCode.RequestTimedOut, ErrorCode.NotCoordinatorForGroup);
        for (var partition = 0; partition < 6; partition++)
        {
            pipeline.Kafka.SetPartitionLeader("metrics.points", partition, ((partition + 1) % 3) + 1);
        }

        await Scenario.LastsAsync(faults, TimeSpan.FromSeconds(10));
        foreach (var broker in pipeline.Kafka.BrokerIds)
        {
            pipeline.Kafka.SetRoundTripTime(broker, TimeSpan.Zero);
        }

        await Scenario.FinishAsync(pipeline, load, loading, output, "request errors and round-trip delays");
        load.FailedRequests.Should().BeEmpty("retriable broker errors and slow brokers are retried and waited for, not passed to the agent");
    }
}
