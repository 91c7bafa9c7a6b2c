using MetricStream.Avro.Records;

namespace MetricStream.Processing.TestDriver;

/// <summary>Reads the records of one output topic of a <see cref="TopologyTestDriver"/> in the order they were written; reading consumes them.</summary>
public sealed class TestOutputTopic
{
    private readonly Queue<TestRecord> _queue;

    internal TestOutputTopic(Queue<TestRecord> queue, string topic)
    {
        _queue = queue;
        Topic = topic;
    }

    /// <summary>The topic.</summary>
    public string Topic { get; }

    /// <summary>True when every record written so far has been read.</summary>
    public bool IsEmpty => _queue.Count == 0;

    /// <summary>Records written and not yet read.</summary>
    public int QueueSize => _queue.Count;

    /// <summary>Reads the next record.</summary>
    /// <returns>The record.</returns>
    /// <exception cref="InvalidOperationException">The topic is empty.</exception>
    public TestRecord ReadRecord() => _queue.TryDequeue(out var record) ? record : throw new InvalidOperationException($"no record left on '{Topic}'");

    /// <summary>Reads every record not yet read.</summary>
    /// <returns>The records, oldest first.</returns>
    public IReadOnlyList<TestRecord> ReadRecordsToList()
    {
        var list = _queue.ToList();
        _queue.Clear();
        return list;
    }

    /// <summary>Reads the next record as an aggregate.</summary>
    /// <returns>The aggregate.</returns>
    public WindowAggregate ReadAggregate() => ReadRecord().AsAggregate();

    /// <summary>Reads every record not yet read, as aggregates.</summary>
    /// <returns>The aggregates, oldest first.</returns>
    public IReadOnlyList<WindowAggregate> ReadAggregatesToList() => [.. ReadRecordsToList().Select(r => r.AsAggregate())];

    /// <summary>Reads the next record as a point.</summary>
    /// <returns>The point.</returns>
    public MetricPoint ReadPoint() => ReadRecord().AsPoint();
}
