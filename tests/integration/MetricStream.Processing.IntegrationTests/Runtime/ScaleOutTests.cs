using System.Text.RegularExpressions;
using MetricStream.Avro.Records;
using MetricStream.Kafka.Topics;
using MetricStream.Processing.IntegrationTests.Support;
using MetricStream.Processing.Runtime;
using MetricStream.Testing;

namespace MetricStream.Processing.IntegrationTests.Runtime;

/// <summary>
/// Scale-out on the embedded broker with the full rollups.yaml (1-minute and 1-hour rollups, changelogs on):
/// three instances in one group give the rollups of one; an instance killed with SIGKILL mid-stream loses
/// nothing: the group rebalances, its tasks restore their windows from the changelogs elsewhere, and
/// every rollup is complete and correct against rollups recomputed here from the input.
/// </summary>
public sealed partial class ScaleOutTests(ProcessingFixture fixture) : IClassFixture<ProcessingFixture>
{
    private const int Series = 6;
    private const int Minutes = 60;
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task ThreeInstancesInOneGroup_GiveTheSameRollupsAsOne()
    {
        var three = RollupTopics.Create(fixture.Kafka);
        var one = RollupTopics.Create(fixture.Kafka) with { Points = three.Points };
        var points = PointsInput.Generate(Series, Minutes);
        var schemaId = await PointsInput.RegisterAsync(fixture.Client, three.Points);
        var groupOfThree = Options(three);
        await using var a = RunningApplication.Start(three.LoadRollups(), groupOfThree);
        await using var b = RunningApplication.Start(three.LoadRollups(), groupOfThree);
        await using var c = RunningApplication.Start(three.LoadRollups(), groupOfThree);
        await Poll.UntilAsync(
            () => new[] { a, b, c }.All(r => r.Application.AssignedPartitions == 1),
            "each of the three instances owns one input partition",
            Long);

        await PointsInput.ProduceAsync(fixture.Kafka.BootstrapServers, three.Points, schemaId, [.. points, .. Closing()]);
        await using var single = RunningApplication.Start(one.LoadRollups(), Options(one));

        var minutesOfThree = ReadDistinct(three.Rollup1m, Series * (Minutes + 1));
        var minutesOfOne = ReadDistinct(one.Rollup1m, Series * (Minutes + 1));
        var hoursOfThree = ReadDistinct(three.Rollup1h, Series);
        var hoursOfOne = ReadDistinct(one.Rollup1h, Series);

        minutesOfThree.Select(Bytes).Should().BeEquivalentTo(minutesOfOne.Select(Bytes), "byte for byte, sketches included");
        minutesOfThree.Select(ToRollup).Should().BeEquivalentTo(ExpectedMinutes(points));
        hoursOfThree.Select(Bytes).Should().BeEquivalentTo(hoursOfOne.Select(Bytes));
        hoursOfThree.Should().AllSatisfy(h => ExpectedHourly.Check(h, points));
        new[] { a, b, c }.Sum(r => r.Application.Commits).Should().BePositive();
    }

    [Fact]
    public async Task InstanceKilledWithSigkillMidStream_GroupRebalances_AndRollupsAreCompleteAndCorrect()
    {
        var topics = RollupTopics.Create(fixture.Kafka);
        var app = "rollups-kill-" + Guid.NewGuid().ToString("N")[..8];
        var directory = Directory.CreateTempSubdirectory("kill-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "rollups.yaml"), topics.RollupsYaml(name: app));

            // The embedded broker answers no CreateTopics request: the changelogs are made here, as an operator would.
            fixture.Kafka.Cluster.CreateTopic($"{app}-rollup-1m-changelog", 3);
            fixture.Kafka.Cluster.CreateTopic($"{app}-rollup-1h-changelog", 3);
            var points = PointsInput.Generate(Series, Minutes);
            var schemaId = await PointsInput.RegisterAsync(fixture.Client, topics.Points);
            using var instances = new ProcessInstances();
            for (var i = 0; i < 3; i++)
            {
                instances.Start(fixture.Kafka.BootstrapServers, fixture.Registry.Url, directory.FullName);
            }

            await Poll.UntilAsync(
                () => instances.Children.All(c => ProcessInstances.Tasks(c) == 1 || c.HasExited),
                "each of the three processes runs one task",
                Long);
            instances.Children.Should().OnlyContain(c => !c.HasExited, string.Join("\n---\n", instances.Children.Select(ProcessInstances.Log)));

            // Part 1: minutes 0-19, all committed (open windows sit in the changelogs).
            var split = PointsInput.Base.AddMinutes(20);
            await PointsInput.ProduceAsync(fixture.Kafka.BootstrapServers, topics.Points, schemaId, points.Where(p => p.At < split));
            await Poll.UntilAsync(
                () => GroupOffsets.Committed(fixture.Kafka.BootstrapServers, app, topics.Points).All(o => o == (Series / 3) * 20),
                "part 1 committed on every partition",
                Long);

            // Part 2 flows while one instance is killed.
            var victim = instances.Children[1];
            var rest = PointsInput.ProduceAsync(fixture.Kafka.BootstrapServers, topics.Points, schemaId, [.. points.Where(p => p.At >= split), .. Closing()]);
            victim.Signal(9);
            await rest;
            await victim.WaitForExitAsync(TimeSpan.FromSeconds(30));
            var survivors = instances.Children.Where(c => c != victim).ToList();
            await Poll.UntilAsync(() => survivors.Sum(ProcessInstances.Tasks) == 3, "the two survivors took over all three tasks", Long);

            var minutes = ReadDistinct(topics.Rollup1m, Series * (Minutes + 1));
            var hours = ReadDistinct(topics.Rollup1h, Series);

            minutes.Select(ToRollup).Should().BeEquivalentTo(ExpectedMinutes(points));
            hours.Should().AllSatisfy(h => ExpectedHourly.Check(h, points));
            survivors.SelectMany(c => c.Errors).Select(l => RestoredWindows().Match(l)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
                .Should().Contain(n => n > 0, "the victim's task was restored with open windows from the changelog");
            survivors.Should().OnlyContain(c => !c.HasExited);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Points at 2:00 and 2:02 per series: the 1-minute windows up to 2:00 close, and with them hour 0.</summary>
    private static IEnumerable<InputPoint> Closing() =>
        Enumerable.Range(0, Series).SelectMany(s => new[] { new InputPoint($"h{s}", PointsInput.Base.AddMinutes(120), 1), new InputPoint($"h{s}", PointsInput.Base.AddMinutes(122), 1) });

    private static List<Rollup> ExpectedMinutes(List<InputPoint> points) =>
        ExpectedRollups.OneMinute([.. points, .. Closing().Where(p => p.At == PointsInput.Base.AddMinutes(120))]);

    private static Rollup ToRollup(WindowAggregate a) => Rollup.From(a);

    private static string Bytes(WindowAggregate a)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        WindowAggregateCodec.Write(buffer, a);
        return Convert.ToHexString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Reads aggregates until <paramref name="count"/> distinct (series, window) are seen; a window emitted twice
    /// (at-least-once after a crash) must be emitted identically, which is asserted here.
    /// </summary>
    private List<WindowAggregate> ReadDistinct(string topic, int count)
    {
        var records = OutputReader.ReadUntil(
            fixture.Kafka.BootstrapServers,
            topic,
            r => r.Select(x => Key(OutputReader.Aggregate(x.Message.Value))).Distinct().Count() >= count,
            Long);
        var byWindow = records.GroupBy(r => Key(OutputReader.Aggregate(r.Message.Value))).ToList();
        byWindow.Should().AllSatisfy(g => g.Select(r => Convert.ToHexString(r.Message.Value)).Distinct().Should().ContainSingle($"window {g.Key} is emitted identically every time"));
        return [.. byWindow.Select(g => OutputReader.Aggregate(g.First().Message.Value))];
    }

    private static string Key(WindowAggregate a) => $"{SeriesKeyOf(a)}@{a.WindowStart:O}/{a.Field}";

    private static string SeriesKeyOf(WindowAggregate a) => string.Join(",", a.Tags.Select(t => $"{t.Key}={t.Value}"));

    private StreamsApplicationOptions Options(RollupTopics topics) => new()
    {
        BootstrapServers = fixture.Kafka.BootstrapServers,
        RegistryUrl = fixture.Registry.Url,
        ApplicationId = "scale-" + Guid.NewGuid().ToString("N")[..8],
        DeadLetterTopic = topics.DeadLetters,
        SessionTimeout = TimeSpan.FromSeconds(6),
        TopicProvisioner = new EmbeddedTopicProvisioner(fixture.Kafka.Cluster),
    };

    [GeneratedRegex("Restored .*: (\\d+) open windows")]
    private static partial Regex RestoredWindows();
}
