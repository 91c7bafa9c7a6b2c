using MetricStream.Processing.Execution.Internal;

namespace MetricStream.Processing.Runtime.Internal;

/// <summary>
/// The counters of one <see cref="PartitionTask"/>, readable from any thread while the task runs.
/// </summary>
/// <remarks>
/// Concurrency: every field has one writer and is written with <see cref="Volatile.Write(ref long, long)"/>, so a
/// reader on another thread (<see cref="StreamsApplication.Snapshot"/>) sees whole, recent values without any lock.
/// The process block (one at a time per task) writes the record counters and publishes the processors' counters
/// (an immutable array, replaced, never changed); the poll thread writes the partition positions; the restore
/// (before the pipeline starts) writes the restore figures. Counters stay monotonic; readers may see the fields of
/// one snapshot at slightly different moments.
/// </remarks>
internal sealed class TaskMetrics
{
    private static readonly TimeSpan PublishInterval = TimeSpan.FromMilliseconds(250);
    private readonly (TaskProcessor Processor, string Type)[] _processors;
    private readonly TimeProvider _time;
    private long _publishedAt;
    private long _recordsIn;
    private long _pointsIn;
    private long _recordsOut;
    private long _deadLetters;
    private long _committedOffset = -1;
    private long _endOffset = -1;
    private long _paused;
    private long _restores;
    private long _restoredWindows;
    private StreamsProcessorMetrics[] _published;

    public TaskMetrics(Topology.Topology topology, IReadOnlyDictionary<string, TaskProcessor> processors, TimeProvider time)
    {
        _processors = [.. topology.Ordered.Select(n => (processors[n.Name], n.TypeName))];
        _time = time;
        _published = Collect();
        _publishedAt = time.GetTimestamp();
    }

    public long RecordsIn => Volatile.Read(ref _recordsIn);

    public long PointsIn => Volatile.Read(ref _pointsIn);

    public long RecordsOut => Volatile.Read(ref _recordsOut);

    public long DeadLetters => Volatile.Read(ref _deadLetters);

    public long Restores => Volatile.Read(ref _restores);

    public long RestoredWindows => Volatile.Read(ref _restoredWindows);

    /// <summary>The processors' counters as last published (topological order).</summary>
    public IReadOnlyList<StreamsProcessorMetrics> Processors => Volatile.Read(ref _published);

    /// <summary>Next offset to read as last committed; -1 before the first commit. Poll thread writes.</summary>
    public long CommittedOffset
    {
        get => Volatile.Read(ref _committedOffset);
        set => Volatile.Write(ref _committedOffset, value);
    }

    /// <summary>High watermark as last seen by the consumer; -1 unknown. Poll thread writes.</summary>
    public long EndOffset
    {
        get => Volatile.Read(ref _endOffset);
        set => Volatile.Write(ref _endOffset, value);
    }

    /// <summary>Whether the partition is paused. Poll thread writes.</summary>
    public bool Paused
    {
        get => Volatile.Read(ref _paused) != 0;
        set => Volatile.Write(ref _paused, value ? 1 : 0);
    }

    /// <summary>Process block: an input record with <paramref name="points"/> points was taken.</summary>
    public void Input(int points)
    {
        Volatile.Write(ref _recordsIn, _recordsIn + 1);
        Volatile.Write(ref _pointsIn, _pointsIn + points);
    }

    /// <summary>Process block: outputs of one work item were sent.</summary>
    public void Outputs(int records, int deadLetters)
    {
        if (records != 0)
        {
            Volatile.Write(ref _recordsOut, _recordsOut + records);
        }

        if (deadLetters != 0)
        {
            Volatile.Write(ref _deadLetters, _deadLetters + deadLetters);
        }
    }

    /// <summary>Restore (before processing starts): the windows a changelog restore brought back.</summary>
    public void Restored(int windows)
    {
        Volatile.Write(ref _restores, _restores + 1);
        Volatile.Write(ref _restoredWindows, _restoredWindows + windows);
    }

    /// <summary>Process block: publishes the processors' counters when <paramref name="force"/>d or when the last publication is old enough.</summary>
    public void Publish(bool force)
    {
        if (!force && _time.GetElapsedTime(_publishedAt) < PublishInterval)
        {
            return;
        }

        _publishedAt = _time.GetTimestamp();
        Volatile.Write(ref _published, Collect());
    }

    private StreamsProcessorMetrics[] Collect()
    {
        var result = new StreamsProcessorMetrics[_processors.Length];
        for (var i = 0; i < _processors.Length; i++)
        {
            var (p, type) = _processors[i];
            var c = p.Counters();
            result[i] = new StreamsProcessorMetrics(p.Name, type, c.RecordsIn, c.RecordsOut, c.LateRecords, c.WindowsOpened, c.WindowsClosed, c.WindowsClosedOnIdle, c.SkippedValues, c.OpenWindows);
        }

        return result;
    }
}
