using Confluent.Kafka;
using MetricStream.Kafka.Topics;
using MetricStream.Processing.IntegrationTests.Support;
using MetricStream.Processing.Runtime;
using MetricStream.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MetricStream.Processing.IntegrationTests.Runtime;

/// <summary>
/// At-least-once commits and the wall-clock idle rule on the embedded broker, with a fake wall clock
/// driving the tasks' idle timers and the commit interval. Topology: the 1-minute part of rollups.yaml,
/// run without a changelog (windows in memory only).
/// </summary>
public sealed class CommitAndIdleTests(ProcessingFixture fixture) : IClassFixture<ProcessingFixture>
{
    private const int Series = 6;
    private const int Minutes = 3;

    [Fact]
    public async Task Commits_StopAtTheFirstRecordInAnOpenWindow_AndIdleCloseReleasesTheRest()
    {
        var topics = RollupTopics.Create(fixture.Kafka);
        var points = PointsInput.Generate(Series, Minutes);
        var closing = Enumerable.Range(0, Series).Select(s => new InputPoint($"h{s}", PointsInput.Base.AddMinutes(10), 1)).ToList();
        var schemaId = await PointsInput.RegisterAsync(fixture.Client, topics.Points);
        await PointsInput.ProduceAsync(fixture.Kafka.BootstrapServers, topics.Points, schemaId, [.. points, .. closing]);

        // Per partition: one batch per series and minute, the closing batches last (2 series per partition).
        var batchesPerPartition = (Series / 3) * (Minutes + 1);
        var beforeClosing = batchesPerPartition - (Series / 3);
        var clock = new FakeTimeProvider(PointsInput.Base.AddMinutes(11));
        var options = new StreamsApplicationOptions
        {
            BootstrapServers = fixture.Kafka.BootstrapServers,
            RegistryUrl = fixture.Registry.Url,
            ApplicationId = "commits-" + Guid.NewGuid().ToString("N")[..8],
            DeadLetterTopic = topics.DeadLetters,
            TimeProvider = clock,
            TopicProvisioner = new EmbeddedTopicProvisioner(fixture.Kafka.Cluster),

            // Without a changelog, input held in open windows stays uncommitted (ChangelogRestoreTests covers the other mode).
            EnableChangelog = false,
        };

        await using (RunningApplication.Start(topics.LoadRollups(oneMinuteOnly: true), options))
        {
            // Small steps: the commit interval passes, the 2-minute idle timeout does not.
            await Poll.UntilAsync(
                () =>
                {
                    clock.Advance(TimeSpan.FromMilliseconds(200));
                    return Committed(options.ApplicationId, topics.Points).All(o => o == beforeClosing);
                },
                "input committed up to the first record of the still-open minute-10 windows",
                TimeSpan.FromSeconds(60));
            Read(topics.Rollup1m, r => r.Count >= Series * Minutes).Should().OnlyContain(r => r.Start < PointsInput.Base.AddMinutes(Minutes));

            // The partition idles for the 2-minute timeout: windows ended 30 s before now close, are emitted, and their input is committed.
            clock.Advance(TimeSpan.FromMinutes(3));
            await Poll.UntilAsync(
                () =>
                {
                    clock.Advance(TimeSpan.FromMilliseconds(200));
                    return Committed(options.ApplicationId, topics.Points).All(o => o == batchesPerPartition);
                },
                "all input committed after the idle close",
                TimeSpan.FromSeconds(60));
        }

        var rollups = Read(topics.Rollup1m, r => r.Count >= Series * (Minutes + 1));
        rollups.Where(r => r.Start == PointsInput.Base.AddMinutes(10))
            .Select(r => (r.Host, r.Count, r.Sum))
            .Should().BeEquivalentTo(closing.Select(c => (c.Host, 1L, 1.0)));
        rollups.Where(r => r.Start < PointsInput.Base.AddMinutes(Minutes)).Distinct()
            .Should().BeEquivalentTo(ExpectedRollups.OneMinute(points));
    }

    private List<Rollup> Read(string topic, Func<List<Rollup>, bool> enough) =>
        [.. OutputReader.ReadUntil(fixture.Kafka.BootstrapServers, topic, records => enough([.. records.Select(ToRollup)])).Select(ToRollup)];

    private static Rollup ToRollup(ConsumeResult<byte[]?, byte[]> record) => Rollup.From(OutputReader.Aggregate(record.Message.Value));

    private List<long> Committed(string group, string topic) => GroupOffsets.Committed(fixture.Kafka.BootstrapServers, group, topic);
}
