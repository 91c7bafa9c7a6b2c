using MetricStream.Avro.Generic;
using MetricStream.Processing.Alerts;
using MetricStream.Processing.TestDriver;
using MetricStream.Processing.Topology;

namespace MetricStream.Processing.Tests.Alerts.Runtime;

/// <summary>The alert processor in a topology, driven by the test driver with fake wall-clock time.</summary>
public class AlertProcessorTests
{
    private const string Rules = """
        rules:
          - id: cpu-high
            select: { measurement: cpu, field: usage_user }
            aggregate: p95
            threshold: { op: ">", value: 90, for: 3m }
            labels: { host: "{{host}}" }
          - id: silent
            select: { measurement: cpu }
            absence: { for: 2m }
        """;

    private static readonly DateTimeOffset T0 = AlertKit.T0;

    [Fact]
    public void RollupsIn_GiveExactlyTheTransitions()
    {
        using var driver = new TopologyTestDriver(Topology(), T0);
        var input = driver.CreateInputTopic("metrics.rollup.1m");
        var output = driver.CreateOutputTopic("alerts");

        double[] values = [10, 95, 96, 97, 98, 10];
        for (var i = 0; i < values.Length; i++)
        {
            input.PipeInput(AlertKit.Window(i, values[i]));
        }

        var records = output.ReadRecordsToList();
        records.Select(r => (r.AsAlert()["ruleId"], AlertEventRecords.StateOf(r.AsAlert()), r.Timestamp)).Should().Equal(
            ("cpu-high", AlertState.Pending, T0.AddMinutes(2).AddMilliseconds(-1)),
            ("cpu-high", AlertState.Firing, T0.AddMinutes(4).AddMilliseconds(-1)),
            ("cpu-high", AlertState.Resolved, T0.AddMinutes(6).AddMilliseconds(-1)));
        var firing = records[1].AsAlert();
        records[1].Key.Should().Be("acme/cpu,host=web-1");
        firing["tenant"].Should().Be("acme");
        firing["value"].Should().Be(97.0); // window 3 (minute 3), the end of the 3rd window above 90
        firing["threshold"].Should().Be(90.0);
        ((GenericEnum)firing["previousState"]!).Symbol.Should().Be("PENDING");
        ((Dictionary<string, object?>)firing["labels"]!)["host"].Should().Be("web-1");
        ((GenericRecord)firing["series"]!)["measurement"].Should().Be("cpu");
        ((GenericRecord)firing["series"]!)["field"].Should().Be("usage_user");
        driver.Counters("alerts").RecordsOut.Should().Be(3);

        var point = AlertEventRecords.ToPoint(firing);
        point.Measurement.Should().Be("alerts");
        point.Timestamp.Should().Be(records[1].Timestamp);
        point.Tags.Select(t => $"{t.Key}={t.Value}").Should().Equal("host=web-1", "rule=cpu-high", "alert_state=firing", "series_measurement=cpu");
        point.Fields.Select(f => f.Name).Should().Equal("state", "previous_state", "value", "threshold");
        point.Fields[2].Value.AsDouble.Should().Be(97.0);
    }

    [Fact]
    public void Absence_FiresOnTheWallClockOnly_WhenTheSeriesIsSilentLongEnough()
    {
        using var driver = new TopologyTestDriver(Topology(), T0);
        var output = driver.CreateOutputTopic("alerts");
        driver.CreateInputTopic("metrics.rollup.1m").PipeInput(AlertKit.Window(0, 10));

        driver.AdvanceWallClock(TimeSpan.FromSeconds(119));
        output.ReadRecordsToList().Should().BeEmpty();
        driver.AdvanceWallClock(TimeSpan.FromSeconds(1));
        var fired = output.ReadRecordsToList();
        driver.AdvanceWallClock(TimeSpan.FromMinutes(10));

        fired.Should().ContainSingle();
        var alert = fired[0].AsAlert();
        alert["ruleId"].Should().Be("silent");
        AlertEventRecords.StateOf(alert).Should().Be(AlertState.Firing);
        alert["value"].Should().BeNull();
        fired[0].Timestamp.Should().Be(T0.AddMinutes(2));
        output.ReadRecordsToList().Should().BeEmpty("a firing alert is emitted once");
    }

    [Fact]
    public void RestoreFromState_DoesNotEmitASecondFiring()
    {
        var topology = Topology();
        byte[] state;
        using (var first = new TopologyTestDriver(topology, T0))
        {
            var input = first.CreateInputTopic("metrics.rollup.1m");
            for (var i = 0; i < 4; i++)
            {
                input.PipeInput(AlertKit.Window(i, 95));
            }

            first.CreateOutputTopic("alerts").ReadRecordsToList().Select(r => AlertEventRecords.StateOf(r.AsAlert()))
                .Should().Equal(AlertState.Pending, AlertState.Firing);
            state = first.GetAlertState("alerts");
        }

        using var second = new TopologyTestDriver(topology, T0.AddMinutes(4));
        second.RestoreAlertState("alerts", state);
        var replay = second.CreateInputTopic("metrics.rollup.1m");
        var output = second.CreateOutputTopic("alerts");
        for (var i = 2; i < 6; i++)
        {
            replay.PipeInput(AlertKit.Window(i, 95)); // windows 2 and 3 again (replay after a rebalance), then 4 and 5
        }

        output.ReadRecordsToList().Should().BeEmpty("the restored alert is still firing");
        replay.PipeInput(AlertKit.Window(6, 10));
        output.ReadRecordsToList().Select(r => AlertEventRecords.StateOf(r.AsAlert())).Should().Equal(AlertState.Resolved);
    }

    [Fact]
    public void WithoutRestore_ASecondInstanceWouldFireAgain()
    {
        // The control for the restore test: the same replay without the state fires a second time.
        using var fresh = new TopologyTestDriver(Topology(), T0.AddMinutes(4));
        var replay = fresh.CreateInputTopic("metrics.rollup.1m");
        for (var i = 2; i < 6; i++)
        {
            replay.PipeInput(AlertKit.Window(i, 95));
        }

        fresh.CreateOutputTopic("alerts").ReadRecordsToList().Select(r => AlertEventRecords.StateOf(r.AsAlert()))
            .Should().Contain(AlertState.Firing);
    }

    private static Processing.Topology.Topology Topology() =>
        new TopologyBuilder("alerts-test")
            .Source("rollups", "metrics.rollup.1m", SourceSchema.WindowAggregate)
            .Alert("alerts", "rollups", AlertRuleLoader.Load(Rules, "rules.yaml"))
            .Sink("alerts-out", "alerts", "alerts")
            .Build();
}
