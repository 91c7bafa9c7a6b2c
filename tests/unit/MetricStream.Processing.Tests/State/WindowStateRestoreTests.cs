using System.Buffers;
using System.Text;
using MetricStream.Avro.Records;
using MetricStream.Processing.Aggregation;
using MetricStream.Processing.Execution;
using MetricStream.Processing.Execution.Internal;
using MetricStream.Processing.State.Internal;
using MetricStream.Processing.Topology;
using MetricStream.Processing.Windows;
using Microsoft.Extensions.Time.Testing;

namespace MetricStream.Processing.Tests.State;

/// <summary>
/// Exact restore: a task restored from the changelog records of its last complete checkpoint produces,
/// for the rest of the input, byte for byte the outputs of a task that never stopped. Torn checkpoints
/// (changes without a marker) are ignored and tombstones remove closed windows.
/// </summary>
public class WindowStateRestoreTests
{
    private const string Input = "in";

    [Fact]
    public void Restore_FromLastCompleteCheckpoint_ThenSameInput_GivesTheOutputsOfAnUninterruptedTask()
    {
        var batches = Batches();
        var reference = new Run(tracking: false);
        reference.Feed(batches[0]);
        reference.Feed(batches[1]);
        reference.Outputs.Clear();
        var lateBefore = reference.Task.Processors["m1"].Counters().LateRecords;
        reference.Feed(batches[2]);
        reference.Feed(batches[3]);

        var crashed = new Run(tracking: true);
        var logs = new List<ChangelogRecord>[] { [], [] };
        crashed.Feed(batches[0]);
        crashed.Checkpoint(logs, id: 1, position: 100, marker: true);
        crashed.Feed(batches[1]);
        crashed.Checkpoint(logs, id: 2, position: 200, marker: true);
        crashed.Feed(batches[2]);
        crashed.Checkpoint(logs, id: 3, position: 300, marker: false); // torn: the marker never made it

        var restored = new Run(tracking: true);
        var result = ChangelogRestorer.Apply(logs, restored.Windows);
        restored.Feed(batches[2]);
        restored.Feed(batches[3]);

        result.Position.Should().Be(200);
        result.NextId.Should().Be(4, "ids continue past the torn checkpoint");
        logs[0].Should().Contain(r => r.Checkpoint == 2 && r.Change == null, "windows closed since checkpoint 1 are tombstoned");
        restored.Outputs.Should().NotBeEmpty();
        restored.Outputs.Should().Equal(reference.Outputs);
        restored.Task.Processors["m1"].Counters().LateRecords.Should().Be(reference.Task.Processors["m1"].Counters().LateRecords - lateBefore)
            .And.BePositive("the restored clocks decide lateness as before the crash");
    }

    [Fact]
    public void Apply_NoMarker_RestoresNothingAndStartsAfterEveryId()
    {
        var run = new Run(tracking: true);
        var logs = new List<ChangelogRecord>[] { [], [] };
        run.Feed(Batches()[0]);
        run.Checkpoint(logs, id: 5, position: 10, marker: false);

        var fresh = new Run(tracking: true);
        var result = ChangelogRestorer.Apply(logs, fresh.Windows);

        (result.Position, result.NextId, result.Windows).Should().Be(((long?)null, 6L, 0));
        fresh.Windows[0].Entries().Should().BeEmpty();
    }

    /// <summary>Four batches of points of three series over 2.5 hours, out of order within grace, some late.</summary>
    private static List<List<MetricPoint>> Batches()
    {
        var random = new Random(7);
        var points = new List<MetricPoint>();
        for (var second = 0; second < 9_000; second += 7)
        {
            foreach (var host in new[] { "a", "b", "c" })
            {
                var jitter = random.Next(-20, 5);
                points.Add(new MetricPoint { Tenant = "acme", Measurement = "cpu", Timestamp = DateTimeOffset.UnixEpoch.AddSeconds(second + jitter).AddTicks(random.Next(0, 9_999)) }
                    .AddTag("host", host)
                    .AddField("usage", Math.Round(random.NextDouble() * 1000, 3) * (random.Next(10) == 0 ? -1 : 1)));
            }
        }

        var quarter = points.Count / 4;
        return [points[..quarter], points[quarter..(2 * quarter)], points[(2 * quarter)..(3 * quarter)], points[(3 * quarter)..]];
    }

    private sealed class Run : IRecordCollector
    {
        public Run(bool tracking)
        {
            var topology = new TopologyBuilder("t")
                .Source("points", Input, SourceSchema.MetricPoint)
                .WindowAggregate("m1", "points", TumblingWindow.Of(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10)), Aggregates.All, new WindowAggregateOptions { LateTopic = "late" })
                .Sink("m1-out", "m1", "m1")
                .WindowAggregate("h1", "m1", TumblingWindow.Of(TimeSpan.FromHours(1), TimeSpan.Zero), Aggregates.All, new WindowAggregateOptions { LateTopic = "late-agg" })
                .Sink("h1-out", "h1", "h1")
                .Build();
            Task = new StreamTask(topology, new FakeTimeProvider(), this) { TrackChanges = tracking };
            Windows = [.. Task.Processors.Values.OfType<WindowAggregateProcessor>()];
        }

        public StreamTask Task { get; }

        public List<WindowAggregateProcessor> Windows { get; }

        public List<string> Outputs { get; } = [];

        public void Feed(List<MetricPoint> points)
        {
            foreach (var point in points)
            {
                Task.Process(Input, point);
            }
        }

        /// <summary>Writes a checkpoint's changes (through the codec, as the changelog would) and optionally its marker.</summary>
        public void Checkpoint(List<ChangelogRecord>[] logs, long id, long position, bool marker)
        {
            for (var i = 0; i < Windows.Count; i++)
            {
                foreach (var (series, field, start, state) in Windows[i].TakeChanges())
                {
                    var key = Encoding.UTF8.GetString(ChangelogNames.WindowKey(Input, series, field, start));
                    logs[i].Add(new ChangelogRecord(key, id, state is null ? null : RoundTrip(new WindowStoreChange(Input, id, state, null))));
                }
            }

            if (marker)
            {
                var change = new WindowStoreChange(Input, id, null, new CheckpointMarker(position, [.. Windows.Select(w => w.Clock())]));
                logs[0].Add(new ChangelogRecord(Encoding.UTF8.GetString(ChangelogNames.MarkerKey(Input)), id, RoundTrip(change)));
            }
        }

        public void Send(string topic, StreamValueKind kind, in StreamRecord record)
        {
            var buffer = new ArrayBufferWriter<byte>();
            if (kind == StreamValueKind.Point)
            {
                MetricPointCodec.Write(buffer, (MetricPoint)record.Value);
            }
            else
            {
                WindowAggregateCodec.Write(buffer, (WindowAggregate)record.Value);
            }

            Outputs.Add($"{topic} {record.Key} {record.Timestamp:O} {Convert.ToHexString(buffer.WrittenSpan)}");
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
