using System.Diagnostics;
using MetricStream.Observability.Metrics;

namespace MetricStream.Observability.Runtime;

/// <summary>
/// The figures of the running process, read at each scrape:
/// <c>process_resident_memory_bytes</c>, <c>process_virtual_memory_bytes</c>, <c>process_cpu_seconds_total</c>,
/// <c>process_start_time_seconds</c>, <c>process_open_fds</c>, <c>process_threads</c>;
/// <c>dotnet_gc_collections_total{generation}</c>, <c>dotnet_gc_heap_size_bytes</c>, <c>dotnet_gc_committed_bytes</c>,
/// <c>dotnet_gc_allocated_bytes_total</c>, <c>dotnet_gc_pause_seconds_total</c>;
/// <c>dotnet_threadpool_threads</c>, <c>dotnet_threadpool_queue_length</c>,
/// <c>dotnet_threadpool_completed_items_total</c>, <c>dotnet_lock_contentions_total</c>.
/// </summary>
public static class ProcessMetrics
{
    /// <summary>Adds the process figures to <paramref name="registry"/>.</summary>
    /// <param name="registry">The registry.</param>
    /// <returns>The same registry.</returns>
    public static MetricsRegistry AddTo(MetricsRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Collector(Write);
        return registry;
    }

    /// <summary>Writes the process figures now.</summary>
    /// <param name="writer">The scrape's writer.</param>
    public static void Write(MetricsWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using (var process = Process.GetCurrentProcess())
        {
            Gauge(writer, "process_resident_memory_bytes", "Resident set size of the process, in bytes.", process.WorkingSet64);
            Gauge(writer, "process_virtual_memory_bytes", "Virtual memory size of the process, in bytes.", process.VirtualMemorySize64);
            if (writer.Family("process_cpu_seconds_total", "User and system CPU time spent by the process, in seconds.", MetricType.Counter))
            {
                writer.Sample(process.TotalProcessorTime.TotalSeconds);
            }

            Gauge(writer, "process_start_time_seconds", "When the process started, in seconds since the Unix epoch.", StartTime(process));
            Gauge(writer, "process_threads", "Operating system threads of the process.", process.Threads.Count);
        }

        if (OpenFileDescriptors() is { } fds)
        {
            Gauge(writer, "process_open_fds", "Open file descriptors of the process.", fds);
        }

        if (writer.Family("dotnet_gc_collections_total", "Garbage collections since the process started, by generation.", MetricType.Counter))
        {
            for (var generation = 0; generation <= GC.MaxGeneration; generation++)
            {
                writer.Sample(GC.CollectionCount(generation), ("generation", generation.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        var info = GC.GetGCMemoryInfo();
        Gauge(writer, "dotnet_gc_heap_size_bytes", "Bytes of the managed heap at the last collection.", info.HeapSizeBytes);
        Gauge(writer, "dotnet_gc_committed_bytes", "Bytes of memory committed by the garbage collector.", info.TotalCommittedBytes);
        Counter(writer, "dotnet_gc_allocated_bytes_total", "Bytes allocated on the managed heap since the process started.", GC.GetTotalAllocatedBytes());
        Counter(writer, "dotnet_gc_pause_seconds_total", "Time the garbage collector paused the process, in seconds.", GC.GetTotalPauseDuration().TotalSeconds);
        Gauge(writer, "dotnet_threadpool_threads", "Threads of the .NET thread pool.", ThreadPool.ThreadCount);
        Gauge(writer, "dotnet_threadpool_queue_length", "Work items queued to the thread pool and not yet started.", ThreadPool.PendingWorkItemCount);
        Counter(writer, "dotnet_threadpool_completed_items_total", "Work items the thread pool has completed.", ThreadPool.CompletedWorkItemCount);
        Counter(writer, "dotnet_lock_contentions_total", "Times a thread waited for a contended monitor lock.", Monitor.LockContentionCount);
    }

    private static void Gauge(MetricsWriter writer, string name, string help, double value)
    {
        if (writer.Family(name, help, MetricType.Gauge))
        {
            writer.Sample(value);
        }
    }

    private static void Counter(MetricsWriter writer, string name, string help, double value)
    {
        if (writer.Family(name, help, MetricType.Counter))
        {
            writer.Sample(value);
        }
    }

    private static double StartTime(Process process) =>
        new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero).ToUnixTimeMilliseconds() / 1000.0;

    // Linux only (/proc); other systems omit the family.
    private static int? OpenFileDescriptors()
    {
        try
        {
            return Directory.Exists("/proc/self/fd") ? Directory.GetFileSystemEntries("/proc/self/fd").Length : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
