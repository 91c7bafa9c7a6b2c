using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using MetricStream.Edge.IntegrationTests.Support;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.Server;
using MetricStream.Testing;
using Xunit.Abstractions;

namespace MetricStream.Edge.IntegrationTests.Faults;

/// <summary>The durable spool (<c>EdgeOptions.SpoolDirectory</c>) under real broker outages; a cluster of its own per test.</summary>
public sealed class SpoolTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly EmbeddedKafkaFixture _kafka = new();
    private readonly string _spool = Directory.CreateTempSubdirectory("edge-spool-").FullName;
    private EmbeddedRegistryServer _registry = null!;
    private SchemaRegistryClient _registryClient = null!;

    public async Task InitializeAsync() => (_registry, _registryClient) = await EdgeFixture.StartRegistryAsync(_kafka);

    [Fact]
    public async Task AllBrokersDownTenSecondsUnderSteadyLoad_WithSpool_EveryAcknowledgedPointInKafkaExactlyOnceAndInOrder()
    {
        await using var edge = await EdgeHarness.StartAsync(_kafka, _registry.Url, _registryClient, o => o with { SpoolDirectory = _spool }, 3);
        var acknowledged = new ConcurrentDictionary<long, int>();
        var statuses = new ConcurrentDictionary<string, int>();
        var outage = new Stopwatch();
        var next = 0L;
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var first = Interlocked.Add(ref next, 20) - 20;
                var body = new StringBuilder();
                for (var id = first; id < first + 20; id++)
                {
                    body.Append("spooled,writer=w").Append(w).Append(" id=").Append(id).Append("i\n");
                }

                var response = await edge.PostAsync("/api/v2/write", body.ToString());
                var phase = outage.IsRunning ? "outage" : outage.Elapsed > TimeSpan.Zero ? "after" : "before";
                statuses.AddOrUpdate($"{phase} {response.Status}", 1, (_, n) => n + 1);
                if (response.Status == 204)
                {
                    for (var id = first; id < first + 20; id++)
                    {
                        acknowledged[id] = w;
                    }
                }
            }
        })).ToList();

        await Poll.UntilAsync(() => acknowledged.Count >= 2_000, "steady load acknowledged before the outage");
        _kafka.Cluster.SetAllBrokersDown();
        outage.Start();
        await Poll.UntilAsync(() => outage.Elapsed >= TimeSpan.FromSeconds(10), "a 10 s outage", TimeSpan.FromSeconds(20));
        var spooledDuringOutage = edge.Server.Spool!.PendingRecords;
        _kafka.Cluster.SetAllBrokersUp();
        outage.Stop();
        var atRecovery = acknowledged.Count;
        await Poll.UntilAsync(() => acknowledged.Count >= atRecovery + 2_000, "load acknowledged after the outage", TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        await Poll.UntilAsync(() => edge.Server.Spool!.IsEmpty, "the spool to be replayed", TimeSpan.FromSeconds(60));
        output.WriteLine($"statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value}"))}; spooled records at recovery: {spooledDuringOutage}");
        output.WriteLine(string.Join('\n', edge.Server.Metrics.Registry.Render().Split('\n').Where(l => l.StartsWith("edge_spool", StringComparison.Ordinal) || l.StartsWith("edge_circuit", StringComparison.Ordinal))));

        spooledDuringOutage.Should().BeGreaterThan(0, "writes during the outage went to the spool");
        statuses.GetValueOrDefault("outage 204").Should().BeGreaterThan(10, "the spool kept answering 2xx while Kafka was down");
        var points = edge.ReadAllRecords();
        var ids = points.Select(p => p.Id).ToList();
        var counts = ids.GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        acknowledged.Keys.Where(id => !counts.ContainsKey(id)).Should().BeEmpty("every point answered 2xx is in Kafka");
        acknowledged.Keys.Where(id => counts[id] > 1).Should().BeEmpty("and exactly once");
        foreach (var series in points.Where(p => acknowledged.ContainsKey(p.Id)).GroupBy(p => p.Writer))
        {
            series.Select(p => p.Id).Should().BeInAscendingOrder($"per-series order holds for writer {series.Key} (one partition per series)");
        }

        Directory.GetFiles(_spool, "*.spool").Should().BeEmpty("replayed segments are deleted");
    }

    [Fact]
    public async Task SpoolLeftByAStoppedEdge_ReplayedByTheNextStart()
    {
        string topic;
        await using (var first = await EdgeHarness.StartAsync(_kafka, _registry.Url, _registryClient, o => o with { SpoolDirectory = _spool }, 3))
        {
            topic = first.Topic;
            (await first.PostAsync("/api/v2/write", "left,n=0 v=0i")).Status.Should().Be(204);
            _kafka.Cluster.SetAllBrokersDown();
            await Poll.UntilAsync(() => !first.Server.IsReady, "the breaker to open");
            for (var i = 1; i <= 5; i++)
            {
                (await first.PostAsync("/api/v2/write", $"left,n={i} v={i}i\nleft,n={i + 100} v={i + 100}i")).Status.Should().Be(204, "spooled");
            }

            first.Server.Spool!.PendingEntries.Should().Be(5);
            await first.Server.StopAsync();
        }

        Directory.GetFiles(_spool, "*.spool").Should().NotBeEmpty("the spool outlives the process");
        _kafka.Cluster.SetAllBrokersUp();

        await using var second = await EdgeHarness.StartAsync(_kafka, _registry.Url, _registryClient, o => o with { SpoolDirectory = _spool }, 3, topic);
        await Poll.UntilAsync(() => second.Server.Spool!.IsEmpty, "the left spool to be replayed", TimeSpan.FromSeconds(60));

        second.ReadAllPoints().Select(p => p.Fields.Single().Value.AsLong).Order().Should().Equal(0, 1, 2, 3, 4, 5, 101, 102, 103, 104, 105);
        second.Server.Metrics.Registry.Render().Should().Contain("edge_spool_replayed_records_total ");
    }

    [Fact]
    public async Task SpoolFull_WhileKafkaIsDown_503WithRetryAfter()
    {
        await using var edge = await EdgeHarness.StartAsync(_kafka, _registry.Url, _registryClient, o => o with { SpoolDirectory = _spool, SpoolMaxBytes = 16 * 1024 }, 3);
        (await edge.PostAsync("/api/v2/write", "warm v=1")).Status.Should().Be(204);
        _kafka.Cluster.SetAllBrokersDown();
        await Poll.UntilAsync(() => !edge.Server.IsReady, "the breaker to open");
        var body = string.Join('\n', Enumerable.Range(0, 20).Select(i => $"full,host=h{i} v={i}i"));

        var answers = new List<EdgeHarness.Response>();
        for (var i = 0; i < 200 && (answers.Count == 0 || answers[^1].Status == 204); i++)
        {
            answers.Add(await edge.PostAsync("/api/v2/write", body));
        }

        answers[0].Status.Should().Be(204, "the first requests fit");
        answers[^1].Status.Should().Be(503, "a full spool refuses");
        answers[^1].RetryAfter.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        answers[^1].Body.Should().Contain("spool is full");
        edge.Server.Spool!.SizeBytes.Should().BeLessThanOrEqualTo(16 * 1024);
        _kafka.Cluster.SetAllBrokersUp();
        await Poll.UntilAsync(() => edge.Server.Spool!.IsEmpty, "the spool to drain", TimeSpan.FromSeconds(60));
        edge.ReadAllPoints().Count(p => p.Measurement == "full").Should().Be(20 * (answers.Count - 1), "every spooled request reached Kafka");
    }

    public async Task DisposeAsync()
    {
        _registryClient.Dispose();
        await _registry.DisposeAsync();
        _kafka.Dispose();
        Directory.Delete(_spool, recursive: true);
    }
}
