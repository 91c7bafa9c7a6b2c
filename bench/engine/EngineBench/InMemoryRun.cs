using System.Buffers;
using System.Diagnostics;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Records;
using MetricStream.Processing.TestDriver;
using MetricStream.Processing.Topology;

namespace MetricStream.Bench.Engine;

/// <summary>
/// (p) Processing alone, to tell the engine's per-point CPU cost from its runtime and Kafka costs: the
/// same batch records as the topic (encoded beforehand, one test driver per partition, as one task per
/// partition) are decoded with the hot codec and piped through the topology's task code on one thread,
/// outputs encoded and dropped. No broker, no dataflow blocks, no commits, no changelog.
/// </summary>
internal static class InMemoryRun
{
    /// <summary>Runs (p); the CPU time is the process's during the timed loop only (not the input encoding before it).</summary>
    public static (long Points, TimeSpan Elapsed, TimeSpan Cpu) Run(BenchOptions options)
    {
        var topology = TopologyLoader.LoadFile(options.Topology);
        var records = Encode(options);
        var drivers = new TopologyTestDriver[options.Partitions];
        var inputs = new TestInputTopic[options.Partitions];
        var outputs = new List<TestOutputTopic>();
        var topics = topology.Nodes.OfType<SinkNode>().Select(n => n.Topic).OfType<string>().Concat(topology.Nodes.OfType<WindowAggregateNode>().Select(n => n.LateTopic)).Distinct().ToList();
        for (var p = 0; p < drivers.Length; p++)
        {
            drivers[p] = new TopologyTestDriver(topology);
            inputs[p] = drivers[p].CreateInputTopic(topology.SourceTopics[0]);
            outputs.AddRange(topics.Select(drivers[p].CreateOutputTopic));
        }

        var batch = new PointBatch();
        var strings = new Utf8StringPool(1 << 16);
        long points = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var r = 0; r < records.Count; r++)
        {
            var (partition, bytes) = records[r];
            var reader = new AvroBinaryReader(bytes);
            PointBatchCodec.Read(ref reader, batch, strings);
            points += batch.Count;
            inputs[partition].PipeInput(batch);
            if ((r & 255) == 0)
            {
                foreach (var output in outputs)
                {
                    while (!output.IsEmpty)
                    {
                        _ = output.ReadRecord();
                    }
                }
            }
        }

        return (points, clock.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }

    private static List<(int Partition, byte[] Bytes)> Encode(BenchOptions options)
    {
        var records = new List<(int, byte[])>();
        var batches = Enumerable.Range(0, options.Partitions).Select(_ => new PointBatch()).ToArray();
        var buffer = new ArrayBufferWriter<byte>(256 * 1024);
        for (long i = 0; i < options.Points;)
        {
            var end = Math.Min(options.Points, i + options.RequestPoints);
            foreach (var b in batches)
            {
                b.Clear();
                b.Tenant = SeriesShape.Tenant;
            }

            for (; i < end; i++)
            {
                var series = (int)(i % options.Series);
                SeriesShape.Fill(batches[SeriesShape.PartitionOf(series, options.Partitions)].AddPoint(), series, i / options.Series, options.Fields, options.Interval);
            }

            for (var p = 0; p < batches.Length; p++)
            {
                if (batches[p].Count > 0)
                {
                    buffer.ResetWrittenCount();
                    PointBatchCodec.Write(buffer, batches[p]);
                    records.Add((p, buffer.WrittenSpan.ToArray()));
                }
            }
        }

        return records;
    }
}
