using System.Buffers;
using System.Text;
using MetricStream.Avro.Generic;
using MetricStream.Processing.Alerts;
using MetricStream.Processing.Execution;
using MetricStream.Processing.Execution.Internal;
using MetricStream.Processing.State.Internal;
using MetricStream.Processing.Tests.Alerts;
using MetricStream.Processing.Topology;
using Microsoft.Extensions.Time.Testing;

namespace MetricStream.Processing.Tests.State;

/// <summary>
/// An alert processor's state in the changelog: a task restored from its last complete checkpoint does not
/// emit a firing alert again, and a torn checkpoint (state without a marker) is ignored.
/// </summary>
public class AlertStateRestoreTests
{
    private const string Input = "metrics.rollup.1m";

    [Fact]
    public void Restore_FromCheckpoint_ReplayAndMore_NoSecondFiring_ThenResolves()
    {
        var crashed = new Run();
        var logs = new List<ChangelogRecord>[] { [] };
        crashed.Feed(0, 4, 95);
        crashed.Checkpoint(logs, id: 1, position: 4, marker: true);
        crashed.Outputs.Should().Equal("cpu-high PENDING", "cpu-high FIRING");

        var restored = new Run();
        var result = ChangelogRestorer.Apply(logs, [], restored.Alerts);
        restored.Feed(2, 6, 95); // windows 2 and 3 replayed, then 4 and 5: still firing
        restored.Feed(6, 7, 10);

        result.Position.Should().Be(4);
        result.Windows.Should().Be(1, "one alert processor state restored");
        restored.Outputs.Should().Equal("cpu-high RESOLVED");
    }

    [Fact]
    public void Restore_IgnoresATornCheckpoint()
    {
        var crashed = new Run();
        var logs = new List<ChangelogRecord>[] { [] };
        crashed.Feed(0, 1, 10);
        crashed.Checkpoint(logs, id: 1, position: 1, marker: true);
        crashed.Feed(1, 4, 95);
        crashed.Checkpoint(logs, id: 2, position: 4, marker: false); // the firing state never got its marker

        var restored = new Run();
        var result = ChangelogRestorer.Apply(logs, [], restored.Alerts);
        restored.Feed(1, 4, 95); // input resumes at position 1: the alert fires again, as it must

        result.Position.Should().Be(1);
        result.NextId.Should().Be(3);
        restored.Outputs.Should().Equal("cpu-high PENDING", "cpu-high FIRING");
    }

    private sealed class Run : IRecordCollector
    {
        private static readonly IReadOnlyList<AlertRule> Rules = AlertRuleLoader.Load(
            """
            rules:
              - id: cpu-high
                select: { measurement: cpu, field: usage_user }
                aggregate: p95
                threshold: { op: ">", value: 90, for: 3m }
            """,
            "rules.yaml");

        public Run()
        {
            var topology = new TopologyBuilder("alerts")
                .Source("rollups", Input, SourceSchema.WindowAggregate)
                .Alert("alerts", "rollups", Rules)
                .Sink("out", "alerts", "alerts")
                .Build();
            Task = new StreamTask(topology, new FakeTimeProvider(AlertKit.T0), this) { TrackChanges = true };
            Alerts = [.. Task.Processors.Values.OfType<AlertProcessor>()];
        }

        public StreamTask Task { get; }

        public List<AlertProcessor> Alerts { get; }

        public List<string> Outputs { get; } = [];

        public void Feed(int fromWindow, int toWindow, double value)
        {
            for (var i = fromWindow; i < toWindow; i++)
            {
                Task.Process(Input, AlertKit.Window(i, value));
            }
        }

        public void Checkpoint(List<ChangelogRecord>[] logs, long id, long position, bool marker)
        {
            if (Alerts[0].HasChanges)
            {
                var change = new WindowStoreChange(Input, id, null, null) { Alerts = new AlertSnapshot("alerts", Alerts[0].TakeSnapshot()) };
                logs[0].Add(new ChangelogRecord(Encoding.UTF8.GetString(ChangelogNames.AlertsKey(Input)), id, RoundTrip(change)));
            }

            if (marker)
            {
                var change = new WindowStoreChange(Input, id, null, new CheckpointMarker(position, []));
                logs[0].Add(new ChangelogRecord(Encoding.UTF8.GetString(ChangelogNames.MarkerKey(Input)), id, RoundTrip(change)));
            }
        }

        public void Send(string topic, StreamValueKind kind, in StreamRecord record)
        {
            var alert = (GenericRecord)record.Value;
            Outputs.Add($"{alert["ruleId"]} {((GenericEnum)alert["state"]!).Symbol}");
        }

        public void SendExternal(SinkNode sink, StreamValueKind kind, in StreamRecord record) => Send(sink.Target, kind, record);

        private static WindowStoreChange RoundTrip(WindowStoreChange change)
        {
            var buffer = new ArrayBufferWriter<byte>();
            WindowStoreChangeCodec.Write(buffer, change);
            return WindowStoreChangeCodec.Read(buffer.WrittenSpan);
        }
    }
}
