using MetricStream.Processing.Alerts;
using MetricStream.Processing.IntegrationTests.Support;

namespace MetricStream.Processing.IntegrationTests.Alerts;

/// <summary>
/// The shipped topologies/alerts.yaml in a <c>StreamsApplication</c> on the embedded broker
/// and registry: alert transitions on the alerts topic, and alert state restored from the changelog.
/// </summary>
public sealed class AlertsTopologyTests(ProcessingFixture fixture) : IClassFixture<ProcessingFixture>
{
    [Fact]
    public async Task CpuSpike_GivesExactlyOneFiringAndOneResolved()
    {
        var run = new AlertsRun(fixture);
        await run.ProduceCpuAsync("a", 0, 20, 95, 96, 97, 98, 99, 95, 10, 10, 10);

        await using (RunningApplication.Start(run.Load(), run.Options("alerts-" + Guid.NewGuid().ToString("N")[..8])))
        {
            var events = run.ReadUntil("cpu-high", states => states.Contains(AlertState.Resolved));

            events.Select(e => e.State).Should().Equal(AlertState.Pending, AlertState.Firing, AlertState.Resolved);
            var firing = events[1].Record;
            firing["value"].Should().Be(99.0);
            ((Dictionary<string, object?>)firing["labels"]!)["host"].Should().Be("a");
            ((Dictionary<string, object?>)firing["annotations"]!)["summary"].Should().Be("CPU user p95 on a is 99 % (above 90 % for 5 minutes)");
        }
    }

    [Fact]
    public async Task InstanceRestartedWhileFiring_DoesNotFireAgain()
    {
        var run = new AlertsRun(fixture);
        var options = run.Options("alerts-restart-" + Guid.NewGuid().ToString("N")[..8]);
        await run.ProduceCpuAsync("a", 0, 20, 95, 95, 95, 95, 95);
        await using (RunningApplication.Start(run.Load(), options))
        {
            run.ReadUntil("cpu-high", states => states.Contains(AlertState.Firing));
        }

        // Long enough above 90 to fire again if the new instance had lost the state (5 more windows), then normal.
        await run.ProduceCpuAsync("a", 6, 95, 95, 95, 95, 95, 95, 10, 10);
        await using (RunningApplication.Start(run.Load(), options))
        {
            var events = run.ReadUntil("cpu-high", states => states.Contains(AlertState.Resolved));

            events.Select(e => e.State).Should().Equal(AlertState.Pending, AlertState.Firing, AlertState.Resolved);
        }
    }

    [Fact]
    public async Task RuleWrittenToTheRulesTopic_TakesEffectWithoutRestart()
    {
        var run = new AlertsRun(fixture);
        var rulesTopic = fixture.Kafka.CreateTopic("alert-rules", partitions: 1);
        var topology = new Topology.TopologyBuilder("alerts-live")
            .Source("rollups", run.Rollups, Topology.SourceSchema.WindowAggregate)
            .Alert("alerts", "rollups", [], rulesTopic)
            .Sink("out", "alerts", run.Alerts)
            .Build();
        await using var running = RunningApplication.Start(topology, run.Options("alerts-live-" + Guid.NewGuid().ToString("N")[..8]));
        await run.ProduceCpuAsync("a", 0, 95);

        await run.PutRuleAsync(rulesTopic, "cpu-now", "select: { measurement: cpu, field: usage_user }\naggregate: p95\nthreshold: { op: \">\", value: 90 }");

        // The rule applies from the next record after the table saw it: keep sending windows until it fires.
        var window = 1;
        await MetricStream.Testing.Poll.UntilAsync(
            async () =>
            {
                running.Run.IsCompleted.Should().BeFalse(running.Run.Exception?.ToString());
                await run.ProduceCpuAsync("a", window++, 95);
                return run.HasEvents("cpu-now", TimeSpan.FromSeconds(15)); // a new reader group needs a few seconds to join
            },
            "the rule from the rules topic fires",
            TimeSpan.FromSeconds(120));
        run.ReadUntil("cpu-now", s => s.Count > 0).Select(e => e.State).Should().Equal(AlertState.Firing);
    }
}
