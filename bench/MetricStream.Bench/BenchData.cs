using MetricStream.Avro.Generic;
using MetricStream.Avro.Records;
using MetricStream.Avro.Schemas;

namespace MetricStream.Bench;

/// <summary>Typical telegraf cpu points: measurement cpu, 4 tags, 3 fields, ns timestamps.</summary>
internal static class BenchData
{
    public static MetricPoint Point(int i) => new MetricPoint
    {
        Tenant = "acme",
        Measurement = "cpu",
        TimestampNanos = 1_700_000_000_000_000_000L + (i * 10_000_000_000L),
        Bucket = "telegraf/autogen",
    }
        .AddTag("cpu", "cpu-total").AddTag("dc", "fra1").AddTag("host", "web-" + (i % 50)).AddTag("region", "eu-west-1")
        .AddField("usage_user", 12.5 + (i % 7)).AddField("usage_system", 3.25).AddField("usage_idle", 84.0 - (i % 7));

    public static GenericRecord ToGeneric(MetricPoint p)
    {
        var record = new GenericRecord(ProductSchemas.MetricPoint) { ["tenant"] = p.Tenant, ["bucket"] = p.Bucket, ["id"] = p.Id };
        Body(record, p);
        return record;
    }

    public static GenericRecord ToGeneric(PointBatch batch)
    {
        var items = (RecordSchema)((ArraySchema)ProductSchemas.PointBatch.Fields[4].Schema).Items;
        var points = new List<object?>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var item = new GenericRecord(items);
            Body(item, batch[i]);
            points.Add(item);
        }

        return new GenericRecord(ProductSchemas.PointBatch)
        {
            ["tenant"] = batch.Tenant, ["bucket"] = batch.Bucket, ["requestId"] = batch.RequestId, ["receivedAt"] = batch.ReceivedAt, ["points"] = points,
        };
    }

    private static void Body(GenericRecord record, MetricPoint p)
    {
        record["measurement"] = p.Measurement;
        record["tags"] = p.Tags.ToDictionary(t => t.Key, t => (object?)t.Value);
        record["fields"] = p.Fields.ToDictionary(f => f.Name, f => f.Value.ToObject());
        record["timestamp"] = p.TimestampNanos;
    }
}
