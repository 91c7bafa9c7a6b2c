using MetricStream.Avro.Records;
using MetricStream.Processing.TestDriver;
using MetricStream.Processing.Topology;

namespace MetricStream.Bench.Engine;

/// <summary>Memory of the open windows after one round (first window only) and after two (first and second window level).</summary>
internal sealed record WindowStateResult(int Series, int Fields, long FirstLevelWindows, long HeapFirstLevel, long RssFirstLevel, long AllLevelWindows, long HeapAllLevels, long RssAllLevels);

/// <summary>
/// (c) Window state for many active series: runs the topology in-process through the test driver (the
/// same task and window store code as the runtime, without a broker), pipes one point per series at
/// 00:00 (every series opens its 1-minute window), then one per series at 00:01:30 (the first point closes
/// every 00:00 window, which opens the series' 1-hour window; then every series opens its 00:01 window).
/// Measures the GC heap after a full collection, and the RSS, against the baseline before the driver existed.
/// Emitted outputs are read and dropped as they are produced, so they are not counted as state.
/// </summary>
internal static class WindowStateProbe
{
    public static WindowStateResult Run(BenchOptions options)
    {
        var topology = TopologyLoader.LoadFile(options.Topology);
        var windows = topology.Nodes.OfType<WindowAggregateNode>().Select(n => n.Name).ToList();
        var outputs = topology.Nodes.OfType<SinkNode>().Select(n => n.Topic).OfType<string>()
            .Concat(topology.Nodes.OfType<WindowAggregateNode>().Select(n => n.LateTopic)).Distinct().ToList();
        var baselineHeap = Heap();
        var baselineRss = Rss();
        using var driver = new TopologyTestDriver(topology);
        var input = driver.CreateInputTopic(topology.SourceTopics[0]);
        var drains = outputs.Select(driver.CreateOutputTopic).ToList();
        var point = new MetricPoint { Tenant = SeriesShape.Tenant };
        void Round(int round)
        {
            for (var s = 0; s < options.StateSeries; s++)
            {
                point.Clear();
                point.Tenant = SeriesShape.Tenant;
                SeriesShape.Fill(point, s, round, options.StateFields, TimeSpan.FromSeconds(90));
                input.PipeInput(point);
                if ((s & 0xFFFF) == 0)
                {
                    Drain(drains);
                }
            }

            Drain(drains);
        }

        long Open() => windows.Sum(w => (long)driver.Counters(w).OpenWindows);
        Round(0);
        var firstWindows = Open();
        var firstHeap = Heap() - baselineHeap;
        var firstRss = Rss() - baselineRss;
        Round(1);
        var allWindows = Open();
        var allHeap = Heap() - baselineHeap;
        var allRss = Rss() - baselineRss;
        GC.KeepAlive(driver);
        return new WindowStateResult(options.StateSeries, options.StateFields, firstWindows, firstHeap, firstRss, allWindows, allHeap, allRss);
    }

    private static void Drain(List<TestOutputTopic> topics)
    {
        foreach (var topic in topics)
        {
            while (!topic.IsEmpty)
            {
                _ = topic.ReadRecord();
            }
        }
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    internal static long Rss()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }
}
