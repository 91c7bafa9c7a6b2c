using Confluent.Kafka;
using MetricStream.Kafka.Topics;
using MetricStream.Processing.IntegrationTests.Support;
using MetricStream.Processing.Runtime;
using MetricStream.Testing;

namespace MetricStream.Processing.IntegrationTests.State;

/// <summary>
/// Changelog-backed window state on the embedded broker: input whose data sits in open windows is committed
/// at checkpoints, and a new instance restores those open windows from the changelog (it never reads that
/// input again) and completes them exactly.
/// </summary>
public sealed class ChangelogRestoreTests(ProcessingFixture fixture) : IClassFixture<ProcessingFixture>
{
    private const int Series = 6;

    [Fact]
    public async Task RestartedInstance_RestoresOpenWindowsFromTheChangelog_AndRollupsAreExact()
    {
        var topics = RollupTopics.Create(fixture.Kafka);
        var all = PointsInput.Generate(Series, minutes: 7);
        var before = all.Where(p => p.At < PointsInput.Base.AddMinutes(5)).ToList();
        var after = all.Where(p => p.At >= PointsInput.Base.AddMinutes(5)).ToList();
        var closing = Enumerable.Range(0, Series).Select(s => new InputPoint($"h{s}", PointsInput.Base.AddMinutes(10), 1)).ToList();
        var schemaId = await PointsInput.RegisterAsync(fixture.Client, topics.Points);
        await PointsInput.ProduceAsync(fixture.Kafka.BootstrapServers, topics.Points, schemaId, before);
        var topology = topics.LoadRollups(oneMinuteOnly: true, idleTimeout: "1h");
        var options = new StreamsApplicationOptions
        {
            BootstrapServers = fixture.Kafka.BootstrapServers,
            RegistryUrl = fixture.Registry.Url,
            ApplicationId = "restore-" + Guid.NewGuid().ToString("N")[..8],
            DeadLetterTopic = topics.DeadLetters,
            CommitInterval = TimeSpan.FromMilliseconds(200),
            TopicProvisioner = new EmbeddedTopicProvisioner(fixture.Kafka.Cluster),
        };
        var batchesPerPartition = (Series / 3) * 5;

        await using (RunningApplication.Start(topology, options))
        {
            // Minute 4 is still open (stream time 4:55 < 5:00 + 30 s grace), yet all input is committed:
            // its state is in the changelog. Without a changelog the commit would stop at minute 4's first batch.
            await Poll.UntilAsync(
                () => Committed(options.ApplicationId, topics.Points).All(o => o == batchesPerPartition),
                "all input committed, open windows included",
                TimeSpan.FromSeconds(60));
            Read(topics.Rollup1m, Series * 4).Should().OnlyContain(r => r.Start < PointsInput.Base.AddMinutes(4));
        }

        var changelog = $"{options.ApplicationId}-rollup-1m-changelog";
        ChangelogPartitions(changelog).Should().Be(3, "one changelog partition per input partition");

        await PointsInput.ProduceAsync(fixture.Kafka.BootstrapServers, topics.Points, schemaId, [.. after, .. closing]);
        await using (var restarted = RunningApplication.Start(topology, options))
        {
            var rollups = Read(topics.Rollup1m, Series * 7);
            rollups.Should().HaveCount(Series * 7, "every window exactly once: the restart re-emitted nothing");
            rollups.Should().BeEquivalentTo(ExpectedRollups.OneMinute(all));
            rollups.Where(r => r.Start == PointsInput.Base.AddMinutes(4)).Should().HaveCount(Series);
            var snapshot = restarted.Application.Snapshot();
            snapshot.Restores.Should().Be(3, "each of the 3 tasks restored from its changelog partition");
            snapshot.RestoredWindows.Should().Be(Series, "minute 4 of each series was open");
        }
    }

    [Fact]
    public async Task ChangelogTopicWithTooFewPartitions_RunsWithoutChangelog_AndRollupsAreStillExact()
    {
        var topics = RollupTopics.Create(fixture.Kafka);
        var app = "nochangelog-" + Guid.NewGuid().ToString("N")[..8];
        fixture.Kafka.Cluster.CreateTopic($"{app}-rollup-1m-changelog", 1);
        var points = PointsInput.Generate(Series, minutes: 3);
        var closing = Enumerable.Range(0, Series).Select(s => new InputPoint($"h{s}", PointsInput.Base.AddMinutes(10), 1));
        var schemaId = await PointsInput.RegisterAsync(fixture.Client, topics.Points);
        await PointsInput.ProduceAsync(fixture.Kafka.BootstrapServers, topics.Points, schemaId, [.. points, .. closing]);
        var options = new StreamsApplicationOptions
        {
            BootstrapServers = fixture.Kafka.BootstrapServers,
            RegistryUrl = fixture.Registry.Url,
            ApplicationId = app,
            DeadLetterTopic = topics.DeadLetters,
            TopicProvisioner = new EmbeddedTopicProvisioner(fixture.Kafka.Cluster),
        };

        await using var running = RunningApplication.Start(topics.LoadRollups(oneMinuteOnly: true, idleTimeout: "1h"), options);

        Read(topics.Rollup1m, Series * 3).Should().BeEquivalentTo(ExpectedRollups.OneMinute(points));
        running.Application.UsesChangelog.Should().BeFalse("a 1-partition changelog cannot hold the state of 3 input partitions");
    }

    private List<Rollup> Read(string topic, int count) =>
        [.. OutputReader.ReadUntil(fixture.Kafka.BootstrapServers, topic, records => records.Count >= count)
            .Select(r => Rollup.From(OutputReader.Aggregate(r.Message.Value)))];

    private int ChangelogPartitions(string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.Kafka.BootstrapServers }).Build();
        return admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Count;
    }

    private List<long> Committed(string group, string topic) => GroupOffsets.Committed(fixture.Kafka.BootstrapServers, group, topic);
}
