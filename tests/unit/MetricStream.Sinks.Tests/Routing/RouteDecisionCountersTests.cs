using MetricStream.Avro.Records;
using MetricStream.Sinks.InfluxDB;
using MetricStream.Sinks.Routing;
using MetricStream.Sinks.Tests.Support;

namespace MetricStream.Sinks.Tests.Routing;

/// <summary>The route decision counters of <see cref="InfluxSink.Snapshot"/> (strategy, target, reason), on fake time.</summary>
public sealed class RouteDecisionCountersTests : ReceiverTests
{

    [Fact]
    public async Task TenantHash_CountsPrimaryDecisions_AndFailoversOnceTheHomeTargetsBreakerIsOpen()
    {
        // Target "down" answers 500 (its URL has a /down/ prefix); "up" answers 204.
        Receiver.Respond = (r, _) => r.Path.StartsWith("/down/", StringComparison.Ordinal) ? new HttpAnswer(500, "{\"error\":\"down\"}") : new HttpAnswer(204);
        await using var sink = new InfluxSink(Options(TenantHashRouting.Name, ("down", new Uri(Receiver.Url, "down/")), ("up", Receiver.Url)));
        var tenant = TenantOf(0);
        var other = TenantOf(1);

        var first = sink.Write(Point(1), "raw", tenant);
        await Time.AdvanceUntilAsync(() => sink.Snapshot().Targets[0].Circuit == InfluxCircuitState.Open, TimeSpan.FromMilliseconds(100), "the home target's breaker to open");
        var second = sink.Write(Point(2), "raw", tenant);
        var third = sink.Write(Point(3), "raw", other);
        await Task.WhenAll(second, third).WaitAsync(TimeSpan.FromSeconds(30));
        await Time.AdvanceUntilAsync(() => first.IsCompleted, TimeSpan.FromMilliseconds(100), "the first point's batch to move to 'up' after its backoff");
        await first.WaitAsync(TimeSpan.FromSeconds(30));

        var counts = sink.Snapshot().RouteDecisions.ToDictionary(c => (c.Strategy, c.Target, c.ReasonLabel), c => c.Count);
        counts.Should().BeEquivalentTo(new Dictionary<(string, string, string), long>
        {
            [("tenant-hash", "down", "primary")] = 1,
            [("tenant-hash", "down", "failover")] = 0,
            [("tenant-hash", "down", "least-loaded")] = 0,
            [("tenant-hash", "up", "primary")] = 1,
            [("tenant-hash", "up", "failover")] = 1,
            [("tenant-hash", "up", "least-loaded")] = 0,
        });
        var targets = sink.Snapshot().Targets;
        targets[1].FailoverDecisions.Should().Be(1);
        targets[1].RouteDecisions.Should().Be(2);
        targets[0].BatchesReroutedAway.Should().Be(1, "the first point's batch moved to 'up' when the breaker opened");
        targets[0].FailedRequests.Should().Be(3);
        Receiver.Requests.Where(r => r.Path == "/write").SelectMany(r => r.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .Should().BeEquivalentTo($"m,tenant={tenant} value=1 1", $"m,tenant={tenant} value=2 2", $"m,tenant={other} value=3 3");
    }

    [Fact]
    public async Task LeastLoaded_CountsEveryDecisionAsLeastLoaded_AndTheLatencyHistogramCountsEveryRequest()
    {
        await using var sink = new InfluxSink(Options(LeastLoadedRouting.Name, ("a", Receiver.Url), ("b", new Uri(Receiver.Url, "b/"))));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => sink.Write(Point(i), "raw", "acme"))).WaitAsync(TimeSpan.FromSeconds(30));

        var snapshot = sink.Snapshot();
        snapshot.Strategy.Should().Be("least-loaded");
        snapshot.RouteDecisions.Where(c => c.Reason == RouteReason.LeastLoaded).Sum(c => c.Count).Should().Be(4);
        snapshot.RouteDecisions.Where(c => c.Reason != RouteReason.LeastLoaded).Sum(c => c.Count).Should().Be(0);
        snapshot.Targets.Sum(t => t.LatencyCount).Should().Be(4);
        snapshot.Targets.Sum(t => t.Requests).Should().Be(4);
        snapshot.Targets.Sum(t => t.BytesSent).Should().BeGreaterThan(0);
        snapshot.Targets.Should().AllSatisfy(t => t.LatencyBuckets.Should().HaveCount(InfluxTargetState.LatencyBucketBounds.Count)
            .And.BeInAscendingOrder(b => b.Count).And.OnlyContain(b => b.Count <= t.LatencyCount));
    }

    /// <summary>A tenant whose tenant-hash home among two targets is <paramref name="home"/>.</summary>
    private static string TenantOf(int home) =>
        Enumerable.Range(0, 100).Select(i => $"tenant-{i}").First(t => TenantHashRouting.StableHash(t) % 2 == home);

    private static MetricPoint Point(long n)
    {
        var point = new MetricPoint { Measurement = "m", TimestampNanos = n };
        point.AddField("value", (double)n);
        return point;
    }

    private InfluxSinkOptions Options(string strategy, params (string Name, Uri Url)[] targets) => new()
    {
        Targets = [.. targets.Select(t => new InfluxTargetOptions { Name = t.Name, Url = t.Url })],
        RoutingStrategy = strategy, TimeProvider = Time, BatchMaxLines = 1, Provision = false,
        BreakerFailureThreshold = 3, BreakerOpenDuration = TimeSpan.FromMinutes(5),
    };
}
