using System.Buffers;
using System.Net;
using System.Text.Json.Nodes;
using MetricStream.Avro.Compatibility;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Records;
using MetricStream.Avro.Schemas;
using MetricStream.Processing.Runtime.Internal;
using MetricStream.Processing.Topology;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.WireFormat;

namespace MetricStream.Processing.Tests.Runtime;

/// <summary>Records written with other registered versions of the product schemas are resolved by their schema id.</summary>
public class RecordDecoderSchemaVersionTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 1, TimeSpan.Zero);

    [Fact]
    public async Task DecodeAsync_PointBatchOfAnOlderVersionWithoutRequestId_DecodesWithTheDefault()
    {
        var old = WithoutField(ProductSchemas.Json("point-batch.avsc"), "requestId");
        var schema = (RecordSchema)AvroSchema.Parse(old);
        var item = (RecordSchema)((ArraySchema)schema.Fields.Single(f => f.Name == "points").Schema).Items;
        var value = new GenericRecord(schema)
        {
            ["tenant"] = "acme",
            ["bucket"] = "telegraf",
            ["receivedAt"] = At,
            ["points"] = new List<object?> { Point(item, "web-1", 1.5), Point(item, "web-2", 2.5) },
        };
        var decoder = new RecordDecoder(new Registry { [31] = old });

        var batch = (PointBatch)await decoder.DecodeAsync(SourceSchema.PointBatch, Encode(31, schema, value), CancellationToken.None);

        batch.Tenant.Should().Be("acme");
        batch.RequestId.Should().BeNull();
        batch.Count.Should().Be(2);
        batch[1].Tags.Should().Equal(new Tag("host", "web-2"));
        batch[1].Fields.Single().Value.AsDouble.Should().Be(2.5);
        batch[1].Timestamp.Should().Be(At);
        batch[1].Bucket.Should().Be("telegraf");
    }

    [Fact]
    public async Task DecodeAsync_MetricPointOfAnOlderVersionWithoutBucketAndId_DecodesWithTheDefaults()
    {
        var old = WithoutField(WithoutField(ProductSchemas.Json("metric-point.avsc"), "bucket"), "id");
        var schema = (RecordSchema)AvroSchema.Parse(old);
        var value = Point(schema, "web-1", 4.0);
        value["tenant"] = "acme";
        var decoder = new RecordDecoder(new Registry { [32] = old });

        var point = (MetricPoint)await decoder.DecodeAsync(SourceSchema.MetricPoint, Encode(32, schema, value), CancellationToken.None);

        point.Tenant.Should().Be("acme");
        point.Measurement.Should().Be("cpu");
        point.Bucket.Should().BeNull();
        point.Id.Should().BeNull();
        point.Fields.Single().Value.AsDouble.Should().Be(4.0);
    }

    [Fact]
    public async Task DecodeAsync_WindowAggregateOfANewerVersionWithAnExtraField_SkipsTheField()
    {
        var newer = WithField(ProductSchemas.Json("window-aggregate.avsc"), """{"name": "unit", "type": "string", "default": ""}""");
        var schema = (RecordSchema)AvroSchema.Parse(newer);
        var value = new GenericRecord(schema)
        {
            ["tenant"] = "acme", ["measurement"] = "cpu", ["field"] = "usage", ["tags"] = new Dictionary<string, object?> { ["host"] = "web-1" },
            ["windowStart"] = At, ["windowEnd"] = At.AddMinutes(1), ["count"] = 3L, ["sum"] = 6.0, ["min"] = 1.0, ["max"] = 3.0,
            ["mean"] = 2.0, ["last"] = 3.0, ["sketchFormat"] = "ddsketch-v1", ["sketch"] = new byte[] { 1, 2, 3 },
            ["p50"] = 2.0, ["p95"] = 3.0, ["p99"] = 3.0, ["unit"] = "percent",
        };
        var decoder = new RecordDecoder(new Registry { [33] = newer });

        var aggregate = (WindowAggregate)await decoder.DecodeAsync(SourceSchema.WindowAggregate, Encode(33, schema, value), CancellationToken.None);

        aggregate.Field.Should().Be("usage");
        aggregate.Count.Should().Be(3);
        aggregate.WindowEnd.Should().Be(At.AddMinutes(1));
        aggregate.Sketch.ToArray().Should().Equal(1, 2, 3);
        aggregate.P99.Should().Be(3.0);
        RecordDecoder.MaxEventTicks(aggregate).Should().Be(At.AddMinutes(1).AddMilliseconds(-1).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks);
    }

    [Fact]
    public async Task DecodeAsync_VersionMissingAFieldWithoutDefault_IsPoisonNamingTheField()
    {
        var broken = WithoutField(ProductSchemas.Json("point-batch.avsc"), "tenant");
        var schema = (RecordSchema)AvroSchema.Parse(broken);
        var value = new GenericRecord(schema) { ["bucket"] = null, ["requestId"] = null, ["receivedAt"] = At, ["points"] = new List<object?>() };
        var decoder = new RecordDecoder(new Registry { [34] = broken });

        var decode = async () => await decoder.DecodeAsync(SourceSchema.PointBatch, Encode(34, schema, value), CancellationToken.None);

        var thrown = (await decode.Should().ThrowAsync<WireFormatException>()).Which;
        thrown.Message.Should().Contain("is not the metricstream.PointBatch schema").And.Contain("'tenant'");
        thrown.SchemaId.Should().Be(34);
    }

    [Fact]
    public async Task DecodeAsync_ResolvedValueWithTrailingBytes_IsPoison()
    {
        var old = WithoutField(ProductSchemas.Json("point-batch.avsc"), "requestId");
        var schema = (RecordSchema)AvroSchema.Parse(old);
        var value = new GenericRecord(schema) { ["tenant"] = "acme", ["bucket"] = null, ["receivedAt"] = At, ["points"] = new List<object?>() };
        var decoder = new RecordDecoder(new Registry { [35] = old });

        var decode = async () => await decoder.DecodeAsync(SourceSchema.PointBatch, [.. Encode(35, schema, value), 7], CancellationToken.None);

        (await decode.Should().ThrowAsync<WireFormatException>()).Which.Message.Should().Contain("does not decode");
    }

    [Fact]
    public async Task DecodeAsync_RecycledBatch_IsReusedWithoutKeepingOldPoints()
    {
        var decoder = new RecordDecoder(new Registry { [36] = ProductSchemas.Json("point-batch.avsc") });
        var two = new PointBatch { Tenant = "acme" };
        two.AddPoint().AddTag("host", "a").AddField("v", FieldValue.Of(1.0)).Measurement = "cpu";
        two.AddPoint().AddTag("host", "b").AddField("v", FieldValue.Of(2.0)).Measurement = "cpu";
        var one = new PointBatch { Tenant = "beta" };
        one.AddPoint().AddTag("host", "c").AddField("v", FieldValue.Of(3.0)).Measurement = "mem";

        var first = (PointBatch)await decoder.DecodeAsync(SourceSchema.PointBatch, Encode(36, two), CancellationToken.None);
        decoder.Recycle(first);
        var second = (PointBatch)await decoder.DecodeAsync(SourceSchema.PointBatch, Encode(36, one), CancellationToken.None);

        second.Should().BeSameAs(first);
        second.Count.Should().Be(1);
        second.Tenant.Should().Be("beta");
        second[0].Measurement.Should().Be("mem");
        second[0].Tags.Should().Equal(new Tag("host", "c"));
    }

    private static GenericRecord Point(RecordSchema schema, string host, double value) => new(schema)
    {
        ["measurement"] = "cpu",
        ["tags"] = new Dictionary<string, object?> { ["host"] = host },
        ["fields"] = new Dictionary<string, object?> { ["usage"] = value },
        ["timestamp"] = (At.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100,
    };

    private static string WithoutField(string json, string field)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        var fields = root["fields"]!.AsArray();
        fields.Remove(fields.Single(f => (string?)f!["name"] == field));
        return root.ToJsonString();
    }

    private static string WithField(string json, string fieldJson)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        root["fields"]!.AsArray().Add(JsonNode.Parse(fieldJson));
        return root.ToJsonString();
    }

    private static byte[] Encode(int id, RecordSchema schema, GenericRecord value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ConfluentWireFormat.WriteHeader(buffer, id);
        new GenericDatumWriter(schema).Write(buffer, value);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Encode(int id, PointBatch batch)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ConfluentWireFormat.WriteHeader(buffer, id);
        PointBatchCodec.Write(buffer, batch);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A registry that knows the schemas it was given by id; any other id is not found.</summary>
    private sealed class Registry : Dictionary<int, string>, ISchemaRegistryClient
    {
        public Task<string> GetSchemaAsync(int id, CancellationToken cancellationToken = default) =>
            TryGetValue(id, out var text) ? Task.FromResult(text) : Task.FromException<string>(new SchemaRegistryException(HttpStatusCode.NotFound, 40403, "Schema not found"));

        public Task<int> RegisterAsync(string subject, string schema, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<RegisteredSchema> LookupAsync(string subject, string schema, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<RegisteredSchema> GetLatestAsync(string subject, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<RegisteredSchema> GetVersionAsync(string subject, int version, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<string>> GetSubjectsAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<int>> GetVersionsAsync(string subject, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<CompatibilityCheck> CheckCompatibilityAsync(string subject, string schema, int? version = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<CompatibilityLevel> GetCompatibilityAsync(string? subject = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task SetCompatibilityAsync(CompatibilityLevel level, string? subject = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<int>> DeleteSubjectAsync(string subject, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
