namespace MetricStream.Processing.Execution.Internal;

/// <summary>
/// A processor instance of one task. Processing is synchronous and depth-first, as in Kafka Streams:
/// <see cref="Forward"/> calls every child before returning. A task is driven by one thread at a time;
/// nothing here is thread-safe.
/// </summary>
internal abstract class TaskProcessor
{
    private readonly List<(TaskProcessor Child, string? Case)> _children = [];

    protected TaskProcessor(string name, StreamTask task)
    {
        Name = name;
        Task = task;
    }

    public string Name { get; }

    protected StreamTask Task { get; }

    protected long RecordsIn { get; set; }

    protected long RecordsOut { get; set; }

    public void AddChild(TaskProcessor child, string? caseName) => _children.Add((child, caseName));

    public void Receive(in StreamRecord record)
    {
        RecordsIn++;
        Process(record);
    }

    /// <summary>Called on every wall-clock tick, in topological order.</summary>
    public virtual void OnWallClock(long nowOffsetTicks, TimeSpan taskIdleFor)
    {
    }

    public virtual ProcessorCounters Counters() => new(RecordsIn, RecordsOut, 0, 0, 0, 0, 0);

    protected abstract void Process(in StreamRecord record);

    protected void Forward(in StreamRecord record, string? caseName = null)
    {
        RecordsOut++;
        foreach (var (child, c) in _children)
        {
            if (string.Equals(c, caseName, StringComparison.Ordinal))
            {
                child.Receive(record);
            }
        }
    }
}
