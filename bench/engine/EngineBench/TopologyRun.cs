using System.Diagnostics;
using Confluent.Kafka;
using MetricStream.Processing.Runtime;
using MetricStream.Processing.Topology;

namespace MetricStream.Bench.Engine;

/// <summary>What run (b) measured.</summary>
/// <param name="FromStart">From RunAsync to every data offset committed (includes registering schemas and joining the group).</param>
/// <param name="FromAssignment">From the first partition assignment to every data offset committed.</param>
/// <param name="Commits">Commits the application made.</param>
/// <param name="Pauses">Backpressure pauses.</param>
/// <param name="Cpu">Process CPU time used during the run.</param>
/// <param name="Processed">From RunAsync until every filled point was processed (the rest is the tail: checkpoints, acknowledgements, commits).</param>
/// <param name="CpuProcessed">CPU used until then.</param>
internal sealed record TopologyRunResult(TimeSpan FromStart, TimeSpan FromAssignment, long Commits, long Pauses, TimeSpan Cpu, TimeSpan Processed, TimeSpan CpuProcessed);

/// <summary>
/// (b) Runs the topology file through <see cref="StreamsApplication"/> (one instance, consumer group = the
/// topology name) until the group's committed offset of every partition has passed all its data records
/// (the filler's markers close the data windows; see <see cref="PointFiller"/>). Progress is read by a
/// separate client from the group's committed offsets, as an operator would.
/// </summary>
internal static class TopologyRun
{
    public static async Task<TopologyRunResult> RunAsync(string bootstrap, Uri registry, string topic, BenchOptions options, FillResult fill)
    {
        var topology = TopologyLoader.LoadFile(options.Topology);
        var settings = new StreamsApplicationOptions { BootstrapServers = bootstrap, RegistryUrl = registry };
        settings = options.TaskInputCapacity is { } capacity ? settings with { TaskInputCapacity = capacity } : settings;
        settings = options.NoChangelog ? settings with { EnableChangelog = false } : settings;

        // Defaults otherwise (commit and checkpoint every 1 s): the end is seen within about a second.
        var app = new StreamsApplication(topology, options.CommitInterval is { } interval ? settings with { CommitInterval = interval } : settings);
        using var watcher = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = app.ApplicationId }).Build();
        var partitions = Enumerable.Range(0, options.Partitions).Select(p => new TopicPartition(topic, p)).ToList();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var running = app.RunAsync(CancellationToken.None);
        TimeSpan? assigned = null;
        TimeSpan? processed = null;
        var cpuProcessed = TimeSpan.Zero;
        while (true)
        {
            if (running.IsCompleted)
            {
                await running; // surfaces the failure
                throw new InvalidOperationException("the application stopped before committing its input");
            }

            if (assigned is null && app.AssignedPartitions > 0)
            {
                assigned = clock.Elapsed;
            }

            if (processed is null && app.Snapshot().PointsIn >= fill.Points)
            {
                processed = clock.Elapsed;
                cpuProcessed = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            }

            if (assigned is not null && AllCommitted(watcher, partitions, fill))
            {
                break;
            }

            await Task.Delay(50);
        }

        var elapsed = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        // The application is left running (idle) until the process exits: stopping it is not part of the
        // measurement, and Program exits without a graceful stop (see there).
        return new TopologyRunResult(elapsed, elapsed - assigned!.Value, app.Commits, app.Pauses, cpu, processed ?? elapsed, processed is null ? cpu : cpuProcessed);
    }

    private static bool AllCommitted(IConsumer<byte[], byte[]> watcher, List<TopicPartition> partitions, FillResult fill)
    {
        foreach (var committed in watcher.Committed(partitions, TimeSpan.FromSeconds(10)))
        {
            var data = fill.DataRecordsPerPartition[committed.Partition.Value];
            if (data > 0 && committed.Offset.Value < data)
            {
                return false;
            }
        }

        return true;
    }
}
