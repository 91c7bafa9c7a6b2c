using MetricStream.Avro.Records;
using MetricStream.Processing.Aggregation;
using MetricStream.Processing.Topology;

namespace MetricStream.Processing.Execution.Internal;

/// <summary>Decodes nothing (the caller did): turns a topic value into records and updates the task's stream time.</summary>
internal sealed class SourceProcessor(SourceNode node, StreamTask task) : TaskProcessor(node.Name, task)
{
    public SourceNode Node { get; } = node;

    /// <summary>Series keys of recent points (built once per series instead of per point).</summary>
    public SeriesKeyCache Keys { get; } = new();

    protected override void Process(in StreamRecord record) => Forward(record);

    public void Accept(object value)
    {
        switch (value)
        {
            case PointBatch batch when Node.Schema == SourceSchema.PointBatch:
                for (var i = 0; i < batch.Count; i++)
                {
                    Point(batch[i]);
                }

                break;
            case MetricPoint point when Node.Schema is SourceSchema.PointBatch or SourceSchema.MetricPoint:
                Point(point);
                break;
            case WindowAggregate aggregate when Node.Schema == SourceSchema.WindowAggregate:
                var time = aggregate.WindowEnd.AddMilliseconds(-1);
                Task.ObserveEventTime(time);
                Receive(new StreamRecord(SeriesKey.Of(aggregate), aggregate, time));
                break;
            default:
                throw new ArgumentException($"source '{Node.Name}' reads {SchemaNames.Name(Node.Schema)} records, not {value.GetType().Name}", nameof(value));
        }
    }

    private void Point(MetricPoint point)
    {
        var time = point.Timestamp;
        Task.ObserveEventTime(time);
        Receive(new StreamRecord(Keys.Of(point), point, time));
    }
}

internal sealed class FilterProcessor(FilterNode node, StreamTask task) : TaskProcessor(node.Name, task)
{
    protected override void Process(in StreamRecord record)
    {
        if (Matches(node.Where, record.Value))
        {
            Forward(record);
        }
    }

    public static bool Matches(RecordPredicate where, object value) =>
        value is MetricPoint p ? where.Matches(p) : where.Matches((WindowAggregate)value);
}

internal sealed class BranchProcessor(BranchNode node, StreamTask task) : TaskProcessor(node.Name, task)
{
    protected override void Process(in StreamRecord record)
    {
        foreach (var c in node.Cases)
        {
            if (c.Where is null || FilterProcessor.Matches(c.Where, record.Value))
            {
                Forward(record, c.Name);
                return;
            }
        }
    }
}

internal sealed class MapProcessor(MapNode node, StreamTask task) : TaskProcessor(node.Name, task)
{
    protected override void Process(in StreamRecord record)
    {
        if (node.Mapping.Apply((MetricPoint)record.Value) is { } mapped)
        {
            Forward(new StreamRecord(SeriesKey.Of(mapped), mapped, record.Timestamp));
        }
    }
}

internal sealed class FlatMapProcessor(FlatMapNode node, StreamTask task) : TaskProcessor(node.Name, task)
{
    public FlatMapNode Node { get; } = node;

    protected override void Process(in StreamRecord record)
    {
        var point = (MetricPoint)record.Value;
        foreach (var field in point.Fields.ToArray())
        {
            var single = new MetricPoint();
            single.CopyFrom(point);
            single.Fields.Clear();
            single.Fields.Add(field);
            Forward(record with { Value = single });
        }
    }
}

internal sealed class SinkProcessor(SinkNode node, StreamTask task, StreamValueKind kind) : TaskProcessor(node.Name, task)
{
    protected override void Process(in StreamRecord record)
    {
        RecordsOut++;
        if (node.Topic is { } topic)
        {
            Task.Collector.Send(topic, kind, record);
        }
        else
        {
            Task.Collector.SendExternal(node, kind, record);
        }
    }
}
