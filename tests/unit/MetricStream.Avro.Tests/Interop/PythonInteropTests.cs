using System.Text.Json.Nodes;
using MetricStream.Avro.Container;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Records;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Tests.Interop;

/// <summary>
/// Checks our encoding against python3-avro 1.11, an independent implementation: containers and single
/// records, in both directions. These tests need /usr/bin/python3 with python3-avro and fail (not skip)
/// without it.
/// </summary>
public class PythonInteropTests
{
    private static JsonArray ExpectedJson(AvroSchema schema, IEnumerable<GenericRecord> values) =>
        new([.. values.Select(v => InteropJson.ToJson(schema, v))]);

    private static void AssertJsonEqual(JsonNode actual, JsonNode expected)
    {
        var a = (JsonArray)actual;
        var e = (JsonArray)expected;
        a.Count.Should().Be(e.Count);
        for (var i = 0; i < a.Count; i++)
        {
            InteropJson.JsonEquals(a[i], e[i]).Should().BeTrue($"datum {i} differs:\nactual   {a[i]?.ToJsonString()}\nexpected {e[i]?.ToJsonString()}");
        }
    }

    [Theory]
    [InlineData(AvroCodec.Null)]
    [InlineData(AvroCodec.Deflate)]
    public void ContainerWrittenByUs_IsReadByPython(AvroCodec codec)
    {
        using var python = new PythonAvro();
        var values = InteropData.Values();
        var file = python.PathOf("ours.avro");
        using (var writer = new AvroContainerWriter(File.Create(file), InteropData.Schema, codec) { BlockSizeBytes = 600 })
        {
            foreach (var v in values)
            {
                writer.Write(v);
            }
        }

        python.Run("read-container", file, python.PathOf("out.json"));

        AssertJsonEqual(python.ReadJson("out.json"), ExpectedJson(InteropData.Schema, values));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("deflate")]
    public void ContainerWrittenByPython_IsReadByUs(string codec)
    {
        using var python = new PythonAvro();
        var values = InteropData.Values();
        var expected = ExpectedJson(InteropData.Schema, values);
        var schemaFile = python.WriteText("schema.avsc", InteropData.SchemaJson);
        var dataFile = python.WriteText("data.json", PythonAvro.Serialize(expected));
        var file = python.PathOf("python.avro");

        python.Run("write-container", schemaFile, dataFile, file, codec);

        using var reader = new AvroContainerReader(File.OpenRead(file));
        reader.Codec.Should().Be(codec == "deflate" ? AvroCodec.Deflate : AvroCodec.Null);
        reader.Metadata["interop.writer"].Should().Equal("python"u8.ToArray());
        var read = reader.ReadAll().Cast<GenericRecord>().ToList();
        AssertJsonEqual(new JsonArray([.. read.Select(r => InteropJson.ToJson(reader.WriterSchema, r))]), expected);
        read.Should().Equal(values);
    }

    [Fact]
    public void SingleRecords_EncodedByUs_DecodeInPython_AndViceVersa()
    {
        using var python = new PythonAvro();
        var values = InteropData.Values();
        var expected = ExpectedJson(InteropData.Schema, values);
        var schemaFile = python.WriteText("schema.avsc", InteropData.SchemaJson);
        var writer = new GenericDatumWriter(InteropData.Schema);
        var ours = values.Select(v => Convert.ToHexStringLower(writer.Encode(v))).ToList();
        var oursFile = python.WriteText("ours.json", PythonAvro.Serialize(new JsonArray([.. ours.Select(h => (JsonNode)h)])));

        python.Run("decode", schemaFile, oursFile, python.PathOf("decoded.json"));
        python.Run("encode", schemaFile, python.WriteText("data.json", PythonAvro.Serialize(expected)), python.PathOf("theirs.json"));

        AssertJsonEqual(python.ReadJson("decoded.json"), expected);
        var reader = new GenericDatumReader(InteropData.Schema);
        var theirs = ((JsonArray)python.ReadJson("theirs.json")).Select(h => Convert.FromHexString(h!.GetValue<string>())).ToList();
        theirs.Select(t => reader.Read(t)).Should().Equal(values);
    }

    [Fact]
    public void SingleRecords_WithoutDecimals_AreByteIdenticalToPython()
    {
        // python3-avro writes some negative decimals with a redundant sign byte (e.g. -128 as ff 80,
        // where Java and we write 80); both decode alike, so decimals are compared by value above.
        using var python = new PythonAvro();
        var schemaJson = InteropData.SchemaJson
            .Replace("""{"name":"dec","type":{"type":"bytes","logicalType":"decimal","precision":20,"scale":4}},""", string.Empty, StringComparison.Ordinal)
            .Replace("""{"name":"decFixed","type":{"type":"fixed","name":"Dec","size":12,"logicalType":"decimal","precision":28,"scale":6}},""", string.Empty, StringComparison.Ordinal);
        var schema = (RecordSchema)AvroSchema.Parse(schemaJson);
        schema.Fields.Should().HaveCount(InteropData.Schema.Fields.Count - 2);
        var values = InteropData.Values().Select(v =>
        {
            var r = new GenericRecord(schema);
            foreach (var f in schema.Fields)
            {
                // NaN has many encodings: .NET's float.NaN has the sign bit set, Python's does not, and
                // both implementations write the bits they are given. Byte equality is checked without NaN.
                r[f.Position] = v[f.Name] switch
                {
                    float x when float.IsNaN(x) => 1f,
                    double x when double.IsNaN(x) => 1d,
                    var x => x,
                };
            }

            return r;
        }).ToList();

        python.Run("encode", python.WriteText("schema.avsc", schemaJson), python.WriteText("data.json", PythonAvro.Serialize(ExpectedJson(schema, values))), python.PathOf("theirs.json"));

        var theirs = ((JsonArray)python.ReadJson("theirs.json")).Select(h => h!.GetValue<string>()).ToList();
        var writer = new GenericDatumWriter(schema);
        values.Select(v => Convert.ToHexStringLower(writer.Encode(v))).Should().Equal(theirs);
    }

    [Fact]
    public void HotRecords_EncodedByFastPath_DecodeInPythonWithTheAvscFiles()
    {
        using var python = new PythonAvro();
        var points = Enumerable.Range(0, 5).Select(SamplePointsForInterop.Point).ToList();
        var batch = new PointBatch { Tenant = "acme", Bucket = "b", ReceivedAt = DateTimeOffset.UnixEpoch.AddTicks(17_000_000_000_000_000) };
        foreach (var p in points)
        {
            batch.AddPoint().CopyFrom(p);
        }

        var pointHex = points.Select(p =>
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            MetricPointCodec.Write(buffer, p);
            return (JsonNode)Convert.ToHexStringLower(buffer.WrittenSpan);
        });
        var batchBuffer = new System.Buffers.ArrayBufferWriter<byte>();
        PointBatchCodec.Write(batchBuffer, batch);

        python.Run("decode", python.WriteText("point.avsc", ProductSchemas.Json("metric-point.avsc")), python.WriteText("points.json", PythonAvro.Serialize(new JsonArray([.. pointHex]))), python.PathOf("points-out.json"));
        python.Run("decode", python.WriteText("batch.avsc", ProductSchemas.Json("point-batch.avsc")), python.WriteText("batch.json", PythonAvro.Serialize(new JsonArray(Convert.ToHexStringLower(batchBuffer.WrittenSpan)))), python.PathOf("batch-out.json"));

        AssertJsonEqual(python.ReadJson("points-out.json"), ExpectedJson(ProductSchemas.MetricPoint, points.Select(Tests.Records.SamplePoints.ToGeneric)));
        AssertJsonEqual(python.ReadJson("batch-out.json"), ExpectedJson(ProductSchemas.PointBatch, [Tests.Records.SamplePoints.ToGeneric(batch)]));
    }

    [Fact]
    public void ProductSchemas_ContainersOfEveryTopic_RoundTripThroughPython()
    {
        using var python = new PythonAvro();
        foreach (var file in ProductSchemas.FileNames)
        {
            // An empty container carries the schema; python must parse and echo it without error.
            var path = python.PathOf(file + ".avro");
            using (new AvroContainerWriter(File.Create(path), ProductSchemas.Get(file)))
            {
            }

            python.Run("read-container", path, python.PathOf(file + ".json"));
            python.ReadJson(file + ".json").AsArray().Should().BeEmpty();
        }
    }
}

internal static class SamplePointsForInterop
{
    public static MetricPoint Point(int i) => Tests.Records.SamplePoints.Cpu(i)
        .AddField("big", long.MaxValue - i).AddField("neg", -0.0).AddField("text", "ünïcode 😀");
}
