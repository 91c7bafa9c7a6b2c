using MetricStream.Processing.Runtime.Internal;

namespace MetricStream.Processing.Runtime;

/// <summary>
/// The metrics snapshot. Tasks count on their own (<see cref="TaskMetrics"/>, no locks on the hot path); the poll
/// thread publishes the live tasks and folds a closed task's final counts into the retired totals, both under
/// <c>_metricsGate</c>, so a snapshot never counts a task twice or loses one. Every field below must always be
/// accessed under <c>_metricsGate</c>; it is taken on rebalances and snapshots only.
/// </summary>
public sealed partial class StreamsApplication
{
    private readonly Lock _metricsGate = new();
    private PartitionTask[] _live = [];
    private long _retiredRecordsIn;
    private long _retiredPointsIn;
    private long _retiredRecordsOut;
    private long _retiredDeadLetters;
    private long _retiredRestores;
    private long _retiredRestoredWindows;
    private StreamsProcessorMetrics[]? _retiredProcessors;

    /// <summary>
    /// Reads the application's counters and gauges: cheap and thread-safe, callable at any time (before
    /// <see cref="RunAsync"/>, while it runs, after it ended). See <see cref="StreamsMetricsSnapshot"/> for what each figure means.
    /// </summary>
    /// <returns>A new snapshot; later changes do not affect it.</returns>
    public StreamsMetricsSnapshot Snapshot()
    {
        long recordsIn, pointsIn, recordsOut, deadLetters, restores, restoredWindows;
        var processors = new List<StreamsProcessorMetrics>();
        var partitions = new List<StreamsPartitionMetrics>();
        lock (_metricsGate)
        {
            (recordsIn, pointsIn, recordsOut, deadLetters, restores, restoredWindows) =
                (_retiredRecordsIn, _retiredPointsIn, _retiredRecordsOut, _retiredDeadLetters, _retiredRestores, _retiredRestoredWindows);
            processors.AddRange(_retiredProcessors ?? []);
            foreach (var task in _live)
            {
                var m = task.Metrics;
                recordsIn += m.RecordsIn;
                pointsIn += m.PointsIn;
                recordsOut += m.RecordsOut;
                deadLetters += m.DeadLetters;
                restores += m.Restores;
                restoredWindows += m.RestoredWindows;
                var taskProcessors = m.Processors;
                Add(processors, taskProcessors);
                var (committed, end) = (m.CommittedOffset, m.EndOffset);
                partitions.Add(new StreamsPartitionMetrics(
                    task.Partition.Topic, task.Partition.Partition.Value, committed, end, committed >= 0 && end >= 0 ? Math.Max(0, end - committed) : -1,
                    m.RecordsIn, m.PointsIn, taskProcessors.Sum(p => p.OpenWindows), m.Paused));
            }
        }

        // Gauges of retired tasks are gone with them: only the live tasks' open windows count.
        var open = partitions.Sum(p => p.OpenWindows);
        processors = processors.Count > 0 ? processors : [.. _topology.Ordered.Select(n => new StreamsProcessorMetrics(n.Name, n.TypeName, 0, 0, 0, 0, 0, 0, 0, 0))];
        partitions.Sort((a, b) => a.Topic != b.Topic ? string.CompareOrdinal(a.Topic, b.Topic) : a.Partition.CompareTo(b.Partition));
        return new StreamsMetricsSnapshot(
            ApplicationId, _topology.Name, recordsIn, pointsIn, recordsOut, deadLetters,
            processors.Sum(p => p.LateRecords), processors.Sum(p => p.WindowsOpened), processors.Sum(p => p.WindowsClosed), processors.Sum(p => p.WindowsClosedOnIdle),
            open, restores, restoredWindows, Commits, Pauses, ProducerQueueFullRetries, partitions.Count, partitions, processors);
    }

    /// <summary>Poll thread, after every change to <c>_tasks</c>: publishes the live tasks and retires <paramref name="closed"/> ones (drained or abandoned).</summary>
    private void PublishTasks(IEnumerable<PartitionTask> closed)
    {
        lock (_metricsGate)
        {
            foreach (var task in closed)
            {
                var m = task.Metrics;
                _retiredRecordsIn += m.RecordsIn;
                _retiredPointsIn += m.PointsIn;
                _retiredRecordsOut += m.RecordsOut;
                _retiredDeadLetters += m.DeadLetters;
                _retiredRestores += m.Restores;
                _retiredRestoredWindows += m.RestoredWindows;
                var retired = new List<StreamsProcessorMetrics>(_retiredProcessors ?? []);
                Add(retired, m.Processors);
                _retiredProcessors = [.. retired.Select(p => p with { OpenWindows = 0 })];
            }

            _live = [.. _tasks.Values];
        }
    }

    /// <summary>Adds one task's processor rows into <paramref name="sums"/> (same topology, so same order; empty sums take the rows).</summary>
    private static void Add(List<StreamsProcessorMetrics> sums, IReadOnlyList<StreamsProcessorMetrics> task)
    {
        if (sums.Count == 0)
        {
            sums.AddRange(task);
            return;
        }

        for (var i = 0; i < sums.Count; i++)
        {
            var (s, t) = (sums[i], task[i]);
            sums[i] = s with
            {
                RecordsIn = s.RecordsIn + t.RecordsIn,
                RecordsOut = s.RecordsOut + t.RecordsOut,
                LateRecords = s.LateRecords + t.LateRecords,
                WindowsOpened = s.WindowsOpened + t.WindowsOpened,
                WindowsClosed = s.WindowsClosed + t.WindowsClosed,
                WindowsClosedOnIdle = s.WindowsClosedOnIdle + t.WindowsClosedOnIdle,
                SkippedValues = s.SkippedValues + t.SkippedValues,
                OpenWindows = s.OpenWindows + t.OpenWindows,
            };
        }
    }
}
