using MetricStream.Kafka.Producing;
using MetricStream.Kafka.Topics;
using MetricStream.Processing.IntegrationTests.Support;
using MetricStream.Processing.Runtime;
using MetricStream.Testing;

namespace MetricStream.Processing.IntegrationTests.Runtime;

/// <summary>
/// The runtime on the embedded broker and our registry: topologies/rollups.yaml (topics renamed per test)
/// over PointBatch input with explicit event times; the 1-minute rollups read back must equal those
/// recomputed here from the input.
/// </summary>
public sealed class StreamsApplicationTests(ProcessingFixture fixture) : IClassFixture<ProcessingFixture>
{
    private const int Series = 6;
    private const int Minutes = 5;

    [Fact]
    public async Task OneInstance_RollsPointsUpIntoExactOneMinuteWindows()
    {
        var topics = RollupTopics.Create(fixture.Kafka);
        var points = PointsInput.Generate(Series, Minutes);
        var schemaId = await PointsInput.RegisterAsync(fixture.Client, topics.Points);
        await PointsInput.ProduceAsync(fixture.Kafka.BootstrapServers, topics.Points, schemaId, [.. points, .. ClosingPoints()]);

        await using (RunningApplication.Start(topics.LoadRollups(), Options(topics)))
        {
            AssertRollups(ReadRollups(topics), points);
        }
    }

    [Fact]
    public async Task TinyBuffers_PausePartitionsForBackpressure_AndGiveTheSameRollups()
    {
        var topics = RollupTopics.Create(fixture.Kafka);
        var points = PointsInput.Generate(Series, Minutes);
        var schemaId = await PointsInput.RegisterAsync(fixture.Client, topics.Points);
        await PointsInput.ProduceAsync(fixture.Kafka.BootstrapServers, topics.Points, schemaId, [.. points, .. ClosingPoints()]);

        await using (var running = RunningApplication.Start(topics.LoadRollups(), Options(topics) with { TaskInputCapacity = 1, MaxUnacknowledgedRecords = 1 }))
        {
            AssertRollups(ReadRollups(topics), points);
            running.Application.Pauses.Should().BePositive("one-record blocks fill at once, so partitions must have been paused");
        }
    }

    [Fact]
    public async Task PoisonRecords_GoToDeadLetters_AndProcessingContinues()
    {
        var topics = RollupTopics.Create(fixture.Kafka);
        var points = PointsInput.Generate(Series, Minutes);
        var schemaId = await PointsInput.RegisterAsync(fixture.Client, topics.Points);
        using (var producer = new DurableProducer(new ProducerSettings { BootstrapServers = fixture.Kafka.BootstrapServers }))
        {
            // Partition 0, offsets 0..2, before any valid record of that partition.
            await PointsInput.ProduceRawAsync(producer, topics.Points, 0, [1, 0, 0, 0, 1, 2, 3]);
            await PointsInput.ProduceRawAsync(producer, topics.Points, 0, [0, 0, 0x0F, 0x42, 0x3F, 2, 3]);
            await PointsInput.ProduceRawAsync(producer, topics.Points, 0, [0, .. BigEndian(schemaId), 0xFF, 0xFF, 0xFF]);
        }

        await PointsInput.ProduceAsync(fixture.Kafka.BootstrapServers, topics.Points, schemaId, [.. points, .. ClosingPoints()]);

        await using (RunningApplication.Start(topics.LoadRollups(), Options(topics)))
        {
            AssertRollups(ReadRollups(topics), points);
            var letters = OutputReader.ReadUntil(fixture.Kafka.BootstrapServers, topics.DeadLetters, r => r.Count >= 3)
                .Select(r => OutputReader.DeadLetter(r.Message.Value))
                .OrderBy(l => (long)l["sourceOffset"]!)
                .ToList();
            letters.Select(l => (long)l["sourceOffset"]!).Should().Equal(0L, 1L, 2L);
            letters.Should().AllSatisfy(l =>
            {
                l["sourceTopic"].Should().Be(topics.Points);
                l["sourcePartition"].Should().Be(0);
                l["errorType"].Should().Be("deserialization");
            });
            ((string)letters[0]["reason"]!).Should().Contain("magic byte");
            ((string)letters[1]["reason"]!).Should().Contain("Unknown schema id 999999");
            ((string)letters[2]["reason"]!).Should().Contain("does not decode");
            ((byte[])letters[0]["value"]!).Should().Equal(1, 0, 0, 0, 1, 2, 3);
        }
    }

    [Fact]
    public async Task TwoInstancesInOneGroup_GiveTheSameRollupsAsOne()
    {
        var topics = RollupTopics.Create(fixture.Kafka);
        var points = PointsInput.Generate(Series, Minutes);
        var schemaId = await PointsInput.RegisterAsync(fixture.Client, topics.Points);
        var options = Options(topics);
        await using var first = RunningApplication.Start(topics.LoadRollups(), options);
        await using var second = RunningApplication.Start(topics.LoadRollups(), options);
        await Poll.UntilAsync(
            () => first.Application.AssignedPartitions > 0 && second.Application.AssignedPartitions > 0
                && first.Application.AssignedPartitions + second.Application.AssignedPartitions == 3,
            "both instances own input partitions",
            TimeSpan.FromSeconds(60));

        await PointsInput.ProduceAsync(fixture.Kafka.BootstrapServers, topics.Points, schemaId, [.. points, .. ClosingPoints()]);

        AssertRollups(ReadRollups(topics), points);
    }

    [Fact]
    public async Task StoppedInstanceWithoutChangelog_NextInstanceReplaysUncommittedInput_AndRollupsAreComplete()
    {
        var topics = RollupTopics.Create(fixture.Kafka);
        var points = PointsInput.Generate(Series, Minutes);
        var split = PointsInput.Base.AddMinutes(3);
        var schemaId = await PointsInput.RegisterAsync(fixture.Client, topics.Points);
        var options = Options(topics) with { EnableChangelog = false };
        await PointsInput.ProduceAsync(fixture.Kafka.BootstrapServers, topics.Points, schemaId, points.Where(p => p.At < split));

        await using (RunningApplication.Start(topics.LoadRollups(oneMinuteOnly: true), options))
        {
            // Minutes 0 and 1 close (stream time is past 2:30); minute 2 is open when the instance stops.
            OutputReader.ReadUntil(fixture.Kafka.BootstrapServers, topics.Rollup1m, r => r.Count >= Series * 2);
        }

        // Stopping committed each partition (2 series, one batch per series and minute) up to its first minute-2 batch.
        GroupOffsets.Committed(fixture.Kafka.BootstrapServers, options.ApplicationId!, topics.Points).Should().Equal(4L, 4L, 4L);

        await PointsInput.ProduceAsync(fixture.Kafka.BootstrapServers, topics.Points, schemaId, [.. points.Where(p => p.At >= split), .. ClosingPoints()]);
        await using (RunningApplication.Start(topics.LoadRollups(oneMinuteOnly: true), options))
        {
            AssertRollups(ReadRollups(topics), points);
        }
    }

    [Fact]
    public async Task RecordLaterThanGrace_GoesToTheLateTopicAsAPoint_AndDoesNotChangeTheClosedWindow()
    {
        var topics = RollupTopics.Create(fixture.Kafka);
        var points = PointsInput.Generate(Series, Minutes);
        var late = new InputPoint("h0", PointsInput.Base.AddSeconds(5), 5000);
        var schemaId = await PointsInput.RegisterAsync(fixture.Client, topics.Points);
        await PointsInput.ProduceAsync(fixture.Kafka.BootstrapServers, topics.Points, schemaId, [.. points, .. ClosingPoints()]);
        await PointsInput.ProduceAsync(fixture.Kafka.BootstrapServers, topics.Points, schemaId, [late]);

        await using (RunningApplication.Start(topics.LoadRollups(), Options(topics)))
        {
            AssertRollups(ReadRollups(topics), points);
            var lateRecords = OutputReader.ReadUntil(fixture.Kafka.BootstrapServers, topics.Late, r => r.Count >= 1);
            var point = OutputReader.Point(lateRecords.Single().Message.Value);
            point.Tags.Should().ContainSingle(t => t.Key == "host" && t.Value == "h0");
            point.Timestamp.Should().Be(late.At);
            point.Fields.Single().Value.AsDouble.Should().Be(5000);
        }
    }

    private static byte[] BigEndian(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    /// <summary>One point per series at minute 10: stream time passes every tested window's end plus grace, so they close.</summary>
    private static IEnumerable<InputPoint> ClosingPoints() =>
        Enumerable.Range(0, Series).Select(s => new InputPoint($"h{s}", PointsInput.Base.AddMinutes(10), 1));

    private static void AssertRollups(List<Rollup> actual, List<InputPoint> points)
    {
        var expected = ExpectedRollups.OneMinute(points);
        actual.Should().HaveCount(Series * Minutes);
        actual.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
    }

    private StreamsApplicationOptions Options(RollupTopics topics) => new()
    {
        BootstrapServers = fixture.Kafka.BootstrapServers,
        RegistryUrl = fixture.Registry.Url,
        ApplicationId = "rollups-" + Guid.NewGuid().ToString("N")[..8],
        DeadLetterTopic = topics.DeadLetters,
        SessionTimeout = TimeSpan.FromSeconds(6),
        TopicProvisioner = new EmbeddedTopicProvisioner(fixture.Kafka.Cluster),
    };

    private List<Rollup> ReadRollups(RollupTopics topics) => OneMinuteRollups.Read(fixture.Kafka.BootstrapServers, topics, Series, Minutes);
}
