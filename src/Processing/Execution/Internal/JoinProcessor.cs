using MetricStream.Avro.Records;
using MetricStream.Processing.Aggregation;
using MetricStream.Processing.Tables;
using MetricStream.Processing.Topology;

namespace MetricStream.Processing.Execution.Internal;

/// <summary>Enriches each record with tags of the matching table row (see <see cref="JoinNode"/>).</summary>
internal sealed class JoinProcessor(JoinNode node, StreamTask task) : TaskProcessor(node.Name, task)
{
    private long _unmatched;

    public override ProcessorCounters Counters() => new(RecordsIn, RecordsOut, 0, 0, 0, _unmatched, 0);

    protected override void Process(in StreamRecord record)
    {
        var (tenant, tags) = record.Value switch
        {
            MetricPoint p => (p.Tenant, p.Tags),
            WindowAggregate a => (a.Tenant, a.Tags),
            _ => throw new InvalidCastException($"a join reads points or aggregates, not {record.Value.GetType().Name}"),
        };
        if (TableStore.KeyOf(tenant, tags, node.By) is not { } key || !Task.Tables.TryGet(node.TableTopic, key, out var row))
        {
            _unmatched++;
            if (node.KeepUnmatched)
            {
                Forward(record);
            }

            return;
        }

        var added = row.Tags.Where(t => node.AddTags.Contains(t.Key, StringComparer.Ordinal) && !tags.Any(own => own.Key == t.Key)).ToList();
        if (record.Value is MetricPoint point)
        {
            var joined = new MetricPoint();
            joined.CopyFrom(point);
            joined.Tags.AddRange(added);
            joined.Tags.Sort((x, y) => string.CompareOrdinal(x.Key, y.Key));
            Forward(new StreamRecord(SeriesKey.Of(joined), joined, record.Timestamp));
        }
        else
        {
            // A copy: siblings of this processor receive the same aggregate object.
            var source = (WindowAggregate)record.Value;
            var aggregate = new WindowAggregate
            {
                Tenant = source.Tenant,
                Measurement = source.Measurement,
                Field = source.Field,
                WindowStart = source.WindowStart,
                WindowEnd = source.WindowEnd,
                Count = source.Count,
                Sum = source.Sum,
                Min = source.Min,
                Max = source.Max,
                Mean = source.Mean,
                Last = source.Last,
                SketchFormat = source.SketchFormat,
                Sketch = source.Sketch,
                P50 = source.P50,
                P95 = source.P95,
                P99 = source.P99,
            };
            aggregate.Tags.AddRange(source.Tags);
            aggregate.Tags.AddRange(added);
            aggregate.Tags.Sort((x, y) => string.CompareOrdinal(x.Key, y.Key));
            Forward(new StreamRecord(SeriesKey.Of(aggregate), aggregate, record.Timestamp));
        }
    }
}
