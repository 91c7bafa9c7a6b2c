using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using MetricStream.Kafka.Producing;
using MetricStream.Kafka.Tables;
using MetricStream.Kafka.Topics;
using MetricStream.Testing;

namespace MetricStream.IntegrationTests.Kafka.Tables;

/// <summary>KafkaTable on the embedded broker: creation, instances seeing each other's writes, catch-up to the latest values.</summary>
[Collection(KafkaCollection.Name)]
public sealed class KafkaTableTests(EmbeddedKafkaFixture kafka)
{
    [Fact]
    public async Task MissingTopic_CreatedCompacted_TwoInstancesSeeEachOthersPutsAndDeletes()
    {
        var topic = "alert-rules-" + Guid.NewGuid().ToString("N")[..8];
        var provisioner = new RecordingProvisioner(new EmbeddedTopicProvisioner(kafka.Cluster));
        using var producer = new DurableProducer(new ProducerSettings { BootstrapServers = kafka.BootstrapServers });
        await using var first = Table(topic, provisioner);
        await using var second = Table(topic, provisioner);
        var firstChanges = Collect(first);
        var secondChanges = Collect(second);
        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        await Task.WhenAll(first.WaitUntilCaughtUpAsync(), second.WaitUntilCaughtUpAsync()).WaitAsync(TimeSpan.FromSeconds(60));
        var firstWriter = new KafkaTableWriter<string>(producer, topic, Encoding.UTF8.GetBytes);
        var secondWriter = new KafkaTableWriter<string>(producer, topic, Encoding.UTF8.GetBytes);

        await firstWriter.PutAsync("cpu-high", "p95 > 90 for 5m");
        await secondWriter.PutAsync("mem-high", "max > 95");
        await Poll.UntilAsync(() => first.Count == 2 && second.Count == 2, "both instances to hold both rules");
        await secondWriter.DeleteAsync("cpu-high");
        await firstWriter.PutAsync("mem-high", "max > 97");

        var expected = new Dictionary<string, string> { ["mem-high"] = "max > 97" };
        await Poll.UntilAsync(() => Same(first.Snapshot(), expected) && Same(second.Snapshot(), expected), "both instances to apply the delete and the update");
        provisioner.Specs.Should().NotBeEmpty().And.OnlyContain(s => s.CleanupPolicy == CleanupPolicy.Compact && s.Partitions == 3);
        PartitionCount(topic).Should().Be(3, "the table created the topic with its own partition count");
        foreach (var changes in new[] { firstChanges, secondChanges })
        {
            // Order holds per key (one partition per key), not across keys.
            changes.Where(c => c.Key == "cpu-high").Select(c => $"{c.Kind} {c.Value}").Should().Equal("Put p95 > 90 for 5m", "Delete ");
            changes.Where(c => c.Key == "mem-high").Select(c => $"{c.Kind} {c.Value}").Should().Equal("Put max > 95", "Put max > 97");
            changes.Should().HaveCount(4);
        }
    }

    [Fact]
    public async Task NewInstance_CatchesUpWithTheLatestValuesOnly_ThenRaisesLaterChanges()
    {
        var topic = kafka.CreateTopic("alert-rules", partitions: 3);
        using var producer = new DurableProducer(new ProducerSettings { BootstrapServers = kafka.BootstrapServers });
        var writer = new KafkaTableWriter<string>(producer, topic, Encoding.UTF8.GetBytes);
        for (var version = 1; version <= 20; version++)
        {
            await Task.WhenAll(Enumerable.Range(0, 10).Select(rule => writer.PutAsync($"rule-{rule}", $"v{version}")));
        }

        await writer.DeleteAsync("rule-3");
        await writer.DeleteAsync("rule-7");
        await writer.PutAsync("rule-7", "reborn");

        await using var table = Table(topic, provisioner: null);
        var changes = Collect(table);
        await table.StartAsync();
        await table.WaitUntilCaughtUpAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var expected = Enumerable.Range(0, 10).Where(r => r != 3).ToDictionary(r => $"rule-{r}", r => r == 7 ? "reborn" : "v20");
        table.Snapshot().Should().Equal(expected);
        changes.Should().BeEmpty("records read while catching up raise no changes");

        await writer.PutAsync("rule-3", "back");
        await Poll.UntilAsync(() => table.TryGet("rule-3", out var value) && value == "back", "the later put to be applied");
        changes.Should().ContainSingle().Which.Should().Match<KafkaTableChange<string>>(c => c.Kind == KafkaTableChangeKind.Put && c.Key == "rule-3");
    }

    [Fact]
    public async Task MissingTopicWithoutProvisioner_StartFailsWithTimeout()
    {
        await using var table = new KafkaTable<string>(
            new KafkaTableOptions { BootstrapServers = kafka.BootstrapServers, Topic = "absent-" + Guid.NewGuid().ToString("N"), StartTimeout = TimeSpan.FromSeconds(2) },
            Encoding.UTF8.GetString);

        await FluentActions.Awaiting(() => table.StartAsync()).Should().ThrowAsync<TimeoutException>().WithMessage("*no provisioner*");
    }

    private KafkaTable<string> Table(string topic, ITopicProvisioner? provisioner) => new(
        new KafkaTableOptions { BootstrapServers = kafka.BootstrapServers, Topic = topic, Provisioner = provisioner, Partitions = 3 },
        Encoding.UTF8.GetString);

    private static ConcurrentQueue<KafkaTableChange<string>> Collect(KafkaTable<string> table)
    {
        var changes = new ConcurrentQueue<KafkaTableChange<string>>();
        table.Changed += changes.Enqueue;
        return changes;
    }

    private static bool Same(IReadOnlyDictionary<string, string> actual, Dictionary<string, string> expected) =>
        actual.Count == expected.Count && expected.All(e => actual.TryGetValue(e.Key, out var v) && v == e.Value);

    private int PartitionCount(string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        return admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Count;
    }

    private sealed class RecordingProvisioner(ITopicProvisioner inner) : ITopicProvisioner
    {
        public ConcurrentQueue<TopicSpec> Specs { get; } = new();

        public Task<IReadOnlyList<string>> EnsureAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken = default)
        {
            var list = topics.ToList();
            list.ForEach(Specs.Enqueue);
            return inner.EnsureAsync(list, cancellationToken);
        }
    }
}
