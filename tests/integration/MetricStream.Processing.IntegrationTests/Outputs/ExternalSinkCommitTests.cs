using System.Collections.Concurrent;
using MetricStream.Avro.Records;
using MetricStream.Processing.Execution;
using MetricStream.Processing.IntegrationTests.Support;
using MetricStream.Processing.Outputs;
using MetricStream.Processing.Runtime;
using MetricStream.Processing.Topology;
using MetricStream.Testing;

namespace MetricStream.Processing.IntegrationTests.Outputs;

/// <summary>
/// External sinks on the embedded broker: every record reaches the sink of its partition's task, and an
/// input offset is committed only after the sink's write for it completed (commit after acknowledgement).
/// </summary>
public sealed class ExternalSinkCommitTests(ProcessingFixture fixture) : IClassFixture<ProcessingFixture>
{
    [Fact]
    public async Task PendingExternalWrite_HoldsBackItsPartitionsCommit_UntilItCompletes()
    {
        var topics = RollupTopics.Create(fixture.Kafka);
        var points = PointsInput.Generate(series: 6, minutes: 2);
        var schemaId = await PointsInput.RegisterAsync(fixture.Client, topics.Points);
        await PointsInput.ProduceAsync(fixture.Kafka.BootstrapServers, topics.Points, schemaId, points);
        var batchesPerPartition = 2 * 2;
        var topology = new TopologyBuilder("ext")
            .Source("points", topics.Points, SourceSchema.PointBatch)
            .InfluxDbSink("raw-influx", "points", "raw")
            .Build();
        var provider = new GatedProvider();
        var options = new StreamsApplicationOptions
        {
            BootstrapServers = fixture.Kafka.BootstrapServers,
            RegistryUrl = fixture.Registry.Url,
            ApplicationId = "ext-" + Guid.NewGuid().ToString("N")[..8],
            DeadLetterTopic = topics.DeadLetters,
            CommitInterval = TimeSpan.FromMilliseconds(100),
            ExternalSinks = new Dictionary<string, IExternalSinkProvider> { [ExternalSinks.InfluxDb] = provider },
        };

        await using (RunningApplication.Start(topology, options))
        {
            await Poll.UntilAsync(() => provider.Written.Count == points.Count, "every point written to the external sink", TimeSpan.FromSeconds(60));
            await Poll.UntilAsync(
                () => Committed(options.ApplicationId, topics.Points) is [_, var p1, var p2] && p1 == batchesPerPartition && p2 == batchesPerPartition,
                "partitions 1 and 2 committed to their end",
                TimeSpan.FromSeconds(60));

            // Partition 0's first write is still pending: nothing of partition 0 may be committed, although
            // the commit loop has committed the other partitions since every record was processed.
            Committed(options.ApplicationId, topics.Points)[0].Should().BeNegative();

            provider.Gate.SetResult();
            await Poll.UntilAsync(() => Committed(options.ApplicationId, topics.Points)[0] == batchesPerPartition, "partition 0 committed after the write completed", TimeSpan.FromSeconds(60));
        }

        provider.Contexts.Select(c => (c.Topology, c.Processor, c.Provider, c.Destination)).Distinct().Should().Equal(("ext", "raw-influx", "influxdb", "raw"));
        provider.Contexts.Select(c => c.Partition.Partition.Value).Order().Should().Equal(0, 1, 2);
        provider.Written.Select(w => (w.Host, w.At, w.Value)).Should().BeEquivalentTo(points.Select(p => (p.Host, p.At, p.Value)));
    }

    private List<long> Committed(string group, string topic) => GroupOffsets.Committed(fixture.Kafka.BootstrapServers, group, topic);

    /// <summary>Records every write; the first write on partition 0 completes only when <see cref="Gate"/> is set.</summary>
    private sealed class GatedProvider : IExternalSinkProvider
    {
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<InputPoint> Written { get; } = new();

        public ConcurrentQueue<ExternalSinkContext> Contexts { get; } = new();

        public IExternalSink Open(ExternalSinkContext context)
        {
            Contexts.Enqueue(context);
            return new Sink(this, context.Partition.Partition.Value == 0);
        }

        private sealed class Sink(GatedProvider provider, bool gated) : IExternalSink
        {
            private bool _first = true;

            public Task Write(StreamValueKind kind, in StreamRecord record)
            {
                var point = (MetricPoint)record.Value;
                provider.Written.Enqueue(new InputPoint(point.Tags.Single(t => t.Key == "host").Value, point.Timestamp, point.Fields[0].Value.AsDouble));
                var hold = gated && _first;
                _first = false;
                return hold ? provider.Gate.Task : Task.CompletedTask;
            }
        }
    }
}
