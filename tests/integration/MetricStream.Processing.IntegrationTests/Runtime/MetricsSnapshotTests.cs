using MetricStream.Kafka.Producing;
using MetricStream.Kafka.Topics;
using MetricStream.Processing.IntegrationTests.Support;
using MetricStream.Processing.Runtime;
using MetricStream.Testing;

namespace MetricStream.Processing.IntegrationTests.Runtime;

/// <summary><see cref="StreamsApplication.Snapshot"/> on the embedded broker: figures match the input it processed.</summary>
public sealed class MetricsSnapshotTests(ProcessingFixture fixture) : IClassFixture<ProcessingFixture>
{
    private const int Series = 6;
    private const int Minutes = 3;

    [Fact]
    public async Task Snapshot_CountsRecordsPointsWindowsDeadLettersAndLag_AndKeepsTotalsAfterStop()
    {
        var topics = RollupTopics.Create(fixture.Kafka);
        var points = PointsInput.Generate(Series, Minutes);
        var closing = Enumerable.Range(0, Series).Select(s => new InputPoint($"h{s}", PointsInput.Base.AddMinutes(10), 1)).ToList();
        var schemaId = await PointsInput.RegisterAsync(fixture.Client, topics.Points);
        using (var producer = new DurableProducer(new ProducerSettings { BootstrapServers = fixture.Kafka.BootstrapServers }))
        {
            await PointsInput.ProduceRawAsync(producer, topics.Points, 0, [1, 0, 0, 0, 1, 2, 3]);
        }

        await PointsInput.ProduceAsync(fixture.Kafka.BootstrapServers, topics.Points, schemaId, [.. points, .. closing]);
        var options = new StreamsApplicationOptions
        {
            BootstrapServers = fixture.Kafka.BootstrapServers,
            RegistryUrl = fixture.Registry.Url,
            ApplicationId = "metrics-" + Guid.NewGuid().ToString("N")[..8],
            DeadLetterTopic = topics.DeadLetters,
            CommitInterval = TimeSpan.FromMilliseconds(200),
            TopicProvisioner = new EmbeddedTopicProvisioner(fixture.Kafka.Cluster),
        };

        // One batch per series and minute, plus the closing batches, plus one poison record.
        var records = (Series * Minutes) + Series + 1;
        var closedWindows = Series * Minutes;
        var running = RunningApplication.Start(topics.LoadRollups(oneMinuteOnly: true, idleTimeout: "1h"), options);
        StreamsMetricsSnapshot snapshot;
        await using (running)
        {
            await Poll.UntilAsync(
                () => running.Application.Snapshot() is { } s && s.RecordsIn == records
                    && s.Processors.Single(p => p.Name == "rollup-1m").WindowsClosed == closedWindows
                    && s.Partitions.Count == 3 && s.Partitions.All(p => p.Lag == 0 && p.EndOffset > 0),
                "every record processed, every window closed and all input committed",
                TimeSpan.FromSeconds(60));
            snapshot = running.Application.Snapshot();
            snapshot.ApplicationId.Should().Be(options.ApplicationId);
            snapshot.PointsIn.Should().Be(points.Count + Series);
            snapshot.DeadLetters.Should().Be(1);
            snapshot.RecordsOut.Should().Be(closedWindows, "each closed window is one rollup record; nothing was late");
            snapshot.WindowsOpened.Should().Be(Series * (Minutes + 1));
            snapshot.WindowsClosed.Should().Be(closedWindows);
            snapshot.OpenWindows.Should().Be(Series, "each series' minute-10 window stays open");
            snapshot.LateRecords.Should().Be(0);
            snapshot.AssignedPartitions.Should().Be(3);
            snapshot.Commits.Should().BePositive();
            snapshot.Partitions.Select(p => p.Partition).Should().Equal(0, 1, 2);
            snapshot.Partitions.Sum(p => p.RecordsIn).Should().Be(records);
            snapshot.Partitions.Should().AllSatisfy(p => p.CommittedOffset.Should().Be(p.EndOffset));
            snapshot.Processors.Select(p => (p.Name, p.Type)).Should().Equal(("points", "source"), ("rollup-1m", "window-aggregate"), ("rollup-1m-out", "sink"));
            snapshot.Processors[0].RecordsOut.Should().Be(points.Count + Series);
        }

        var stopped = running.Application.Snapshot();
        stopped.RecordsIn.Should().Be(records, "a revoked task's counts stay in the totals");
        stopped.PointsIn.Should().Be(snapshot.PointsIn);
        stopped.WindowsClosed.Should().Be(closedWindows);
        stopped.AssignedPartitions.Should().Be(0);
        stopped.Partitions.Should().BeEmpty();
        stopped.OpenWindows.Should().Be(0, "open windows are a gauge of running tasks");
    }
}
