using MetricStream.Kafka.Topics;
using MetricStream.Processing.IntegrationTests.Support;
using MetricStream.Processing.Runtime;
using MetricStream.Testing;

namespace MetricStream.Processing.IntegrationTests.Runtime;

/// <summary>
/// Failure modes of the runtime an operator would otherwise meet in production: a producer queue that stays
/// full (outputs and changelog records arrive faster than the brokers take them) and stopping under load.
/// Topology: topologies/rollups.yaml with the changelog on; the 1-minute rollups must be complete and exact.
/// </summary>
public sealed class RobustnessTests(ProcessingFixture fixture) : IClassFixture<ProcessingFixture>
{
    private const int Series = 6;
    private const int Minutes = 5;

    [Fact]
    public async Task FullProducerQueue_HoldsTheTaskBack_InsteadOfFailingIt_AndRollupsAreComplete()
    {
        var topics = RollupTopics.Create(fixture.Kafka);
        var points = PointsInput.Generate(Series, Minutes);
        var schemaId = await PointsInput.RegisterAsync(fixture.Client, topics.Points);
        await PointsInput.ProduceAsync(fixture.Kafka.BootstrapServers, topics.Points, schemaId, [.. points, .. ClosingPoints()]);

        // A two-record producer queue and a 10 ms bound: nearly every output finds the queue full past the bound.
        var options = Options(topics) with { ProducerQueueMaxMessages = 2, ProducerQueueFullTimeout = TimeSpan.FromMilliseconds(10) };
        await using (var running = RunningApplication.Start(topics.LoadRollups(), options))
        {
            var rollups = ReadRollups(topics);
            running.Run.IsCompleted.Should().BeFalse("a full producer queue must not stop the application");
            rollups.Should().BeEquivalentTo(ExpectedRollups.OneMinute(points), o => o.WithStrictOrdering());
            running.Application.ProducerQueueFullRetries.Should().BePositive("the tiny queue must have refused outputs past its bound");
            await Poll.UntilAsync(
                () => GroupOffsets.Committed(fixture.Kafka.BootstrapServers, options.ApplicationId!, topics.Points).Sum() > 0,
                "input committed while the producer queue keeps filling",
                TimeSpan.FromSeconds(60));
        }
    }

    [Fact]
    public async Task StoppingUnderLoad_SeveralTimes_LeavesTheGroupCleanly_AndRollupsAreComplete()
    {
        var topics = RollupTopics.Create(fixture.Kafka);
        var points = PointsInput.Generate(Series, Minutes);
        var schemaId = await PointsInput.RegisterAsync(fixture.Client, topics.Points);
        var options = Options(topics);
        var producing = PointsInput.ProduceAsync(fixture.Kafka.BootstrapServers, topics.Points, schemaId, points);

        // Each run is stopped (cancelled) while it is assigned and processing; RunAsync must complete without a fault.
        for (var run = 0; run < 3; run++)
        {
            var running = RunningApplication.Start(topics.LoadRollups(), options);
            await Poll.UntilAsync(() => running.Application.AssignedPartitions > 0, "partitions assigned", TimeSpan.FromSeconds(60));
            await running.DisposeAsync();
            running.Run.IsCompletedSuccessfully.Should().BeTrue($"run {run} must stop cleanly");
        }

        await producing;
        await PointsInput.ProduceAsync(fixture.Kafka.BootstrapServers, topics.Points, schemaId, ClosingPoints());
        await using (RunningApplication.Start(topics.LoadRollups(), options))
        {
            ReadRollups(topics).Should().BeEquivalentTo(ExpectedRollups.OneMinute(points), o => o.WithStrictOrdering());
        }
    }

    /// <summary>One point per series at minute 10: stream time passes every tested window's end plus grace, so they close.</summary>
    private static IEnumerable<InputPoint> ClosingPoints() =>
        Enumerable.Range(0, Series).Select(s => new InputPoint($"h{s}", PointsInput.Base.AddMinutes(10), 1));

    private StreamsApplicationOptions Options(RollupTopics topics) => new()
    {
        BootstrapServers = fixture.Kafka.BootstrapServers,
        RegistryUrl = fixture.Registry.Url,
        ApplicationId = "robust-" + Guid.NewGuid().ToString("N")[..8],
        DeadLetterTopic = topics.DeadLetters,
        SessionTimeout = TimeSpan.FromSeconds(6),
        TopicProvisioner = new EmbeddedTopicProvisioner(fixture.Kafka.Cluster),
    };

    private List<Rollup> ReadRollups(RollupTopics topics) => OneMinuteRollups.Read(fixture.Kafka.BootstrapServers, topics, Series, Minutes);
}
