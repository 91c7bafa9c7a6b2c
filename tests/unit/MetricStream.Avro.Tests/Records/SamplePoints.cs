using MetricStream.Avro.Generic;
using MetricStream.Avro.Records;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Tests.Records;

/// <summary>Typical points and their generic-model equivalents, to compare the fast path with the generic codec.</summary>
public static class SamplePoints
{
    public static MetricPoint Cpu(int i = 0) => new MetricPoint
    {
        Tenant = "acme",
        Measurement = "cpu",
        TimestampNanos = 1_700_000_000_123_456_789L + i,
        Bucket = i % 2 == 0 ? "telegraf/autogen" : null,
        Id = i % 3 == 0 ? "req-42" : null,
    }
        .AddTag("region", "eu-west-1").AddTag("host", "server-" + (i % 10)).AddTag("cpu", "cpu-total").AddTag("dc", "fra")
        .AddField("usage_user", 12.5 + i).AddField("usage_idle", 80.25).AddField("count", (long)i)
        .AddField("state", "ok").AddField("up", true);

    public static GenericRecord ToGeneric(MetricPoint p)
    {
        var schema = ProductSchemas.MetricPoint;
        var record = new GenericRecord(schema) { ["tenant"] = p.Tenant, ["bucket"] = p.Bucket, ["id"] = p.Id };
        FillBody(record, p);
        return record;
    }

    public static GenericRecord ToGeneric(PointBatch batch)
    {
        var schema = ProductSchemas.PointBatch;
        var itemSchema = (RecordSchema)((ArraySchema)schema.Fields[4].Schema).Items;
        var points = new List<object?>();
        for (var i = 0; i < batch.Count; i++)
        {
            var item = new GenericRecord(itemSchema);
            FillBody(item, batch[i]);
            points.Add(item);
        }

        return new GenericRecord(schema)
        {
            ["tenant"] = batch.Tenant,
            ["bucket"] = batch.Bucket,
            ["requestId"] = batch.RequestId,
            ["receivedAt"] = batch.ReceivedAt,
            ["points"] = points,
        };
    }

    public static GenericRecord ToGeneric(WindowAggregate a) => new(ProductSchemas.WindowAggregate)
    {
        ["tenant"] = a.Tenant,
        ["measurement"] = a.Measurement,
        ["field"] = a.Field,
        ["tags"] = SortedTags(a.Tags),
        ["windowStart"] = a.WindowStart,
        ["windowEnd"] = a.WindowEnd,
        ["count"] = a.Count,
        ["sum"] = a.Sum,
        ["min"] = a.Min,
        ["max"] = a.Max,
        ["mean"] = a.Mean,
        ["last"] = a.Last,
        ["sketchFormat"] = a.SketchFormat,
        ["sketch"] = a.Sketch.ToArray(),
        ["p50"] = a.P50,
        ["p95"] = a.P95,
        ["p99"] = a.P99,
    };

    private static void FillBody(GenericRecord record, MetricPoint p)
    {
        record["measurement"] = p.Measurement;
        record["tags"] = SortedTags(p.Tags);
        var fields = new Dictionary<string, object?>();
        foreach (var f in p.Fields)
        {
            fields[f.Name] = f.Value.ToObject();
        }

        record["fields"] = fields;
        record["timestamp"] = p.TimestampNanos;
    }

    // A Dictionary enumerates in insertion order (no removals), so inserting sorted keys gives the sorted encoding.
    private static Dictionary<string, object?> SortedTags(IEnumerable<Tag> tags) =>
        tags.OrderBy(t => t.Key, TagKeyComparer.Instance).ToDictionary(t => t.Key, t => (object?)t.Value);
}
