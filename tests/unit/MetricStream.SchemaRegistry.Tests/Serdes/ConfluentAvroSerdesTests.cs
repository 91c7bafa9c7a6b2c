using System.Buffers;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Schemas;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.Serdes;
using MetricStream.SchemaRegistry.WireFormat;

namespace MetricStream.SchemaRegistry.Tests.Serdes;

public class ConfluentAvroSerdesTests
{
    private static readonly RecordSchema V1 = (RecordSchema)AvroSchema.Parse("""
        {"type":"record","name":"Point","namespace":"t","fields":[{"name":"host","type":"string"},{"name":"value","type":"double"}]}
        """);

    private static readonly RecordSchema V2 = (RecordSchema)AvroSchema.Parse("""
        {"type":"record","name":"Point","namespace":"t","fields":[
          {"name":"host","type":"string"},{"name":"value","type":"double"},{"name":"region","type":"string","default":"eu-west"}]}
        """);

    private readonly InMemoryRegistryClient _registry = new();

    [Fact]
    public async Task SerializeAsync_GenericRecord_WritesHeaderWithTheRegisteredIdThenTheAvroBody()
    {
        var serializer = new ConfluentAvroSerializer(_registry);
        var point = Point(V1, "web-1", 0.5);

        var bytes = await serializer.SerializeAsync("metrics.points", V1, point);

        var expectedId = _registry.Add("metrics.points-value", V1.ToJson());
        ConfluentWireFormat.ReadHeader(bytes, out var body).Should().Be(expectedId);
        bytes[0].Should().Be(0);
        body.ToArray().Should().Equal(AvroGeneric.Encode(V1, point));
    }

    [Fact]
    public async Task SerializeAsync_ManyRecords_AsksTheRegistryOnce()
    {
        var serializer = new ConfluentAvroSerializer(_registry);

        for (var i = 0; i < 50; i++)
        {
            await serializer.SerializeAsync("t", V1, Point(V1, "h", i));
        }

        _registry.RegisterCalls.Should().Be(1);
    }

    [Fact]
    public async Task GetSchemaIdAsync_AutoRegisterOff_LooksUpInsteadOfRegistering()
    {
        var id = _registry.Add("t-value", V1.ToJson());
        var serializer = new ConfluentAvroSerializer(_registry, new ConfluentAvroSerializerOptions { AutoRegisterSchemas = false });

        (await serializer.GetSchemaIdAsync("t", V1)).Should().Be(id);

        _registry.RegisterCalls.Should().Be(0);
        _registry.LookupCalls.Should().Be(1);
    }

    [Fact]
    public async Task GetSchemaIdAsync_AutoRegisterOffAndUnregistered_FailsWithTheRegistryError()
    {
        var serializer = new ConfluentAvroSerializer(_registry, new ConfluentAvroSerializerOptions { AutoRegisterSchemas = false });

        var act = async () => await serializer.GetSchemaIdAsync("t", V1);

        (await act.Should().ThrowAsync<SchemaRegistryException>()).Which.ErrorCode.Should().Be(40403);
    }

    [Fact]
    public async Task GetSchemaIdAsync_CustomSubjectStrategy_IsUsed()
    {
        var serializer = new ConfluentAvroSerializer(_registry, new ConfluentAvroSerializerOptions { SubjectNameStrategy = SubjectNames.ForKey });

        var id = await serializer.GetSchemaIdAsync("t", V1);

        id.Should().Be(_registry.Add("t-key", V1.ToJson()));
    }

    [Fact]
    public async Task DeserializeAsync_SameSchema_RoundTripsAndFetchesTheSchemaOnce()
    {
        var serializer = new ConfluentAvroSerializer(_registry);
        var deserializer = new ConfluentAvroDeserializer(_registry);

        var first = await deserializer.DeserializeAsync(await serializer.SerializeAsync("t", V1, Point(V1, "a", 1)));
        var second = await deserializer.DeserializeAsync(await serializer.SerializeAsync("t", V1, Point(V1, "b", 2)));

        first.Should().Be(Point(V1, "a", 1));
        second.Should().Be(Point(V1, "b", 2));
        _registry.GetSchemaCalls.Should().Be(1);
    }

    [Fact]
    public async Task DeserializeAsync_OlderWriterNewerReader_FillsTheReadersDefault()
    {
        var bytes = await new ConfluentAvroSerializer(_registry).SerializeAsync("t", V1, Point(V1, "web-1", 2.5));

        var read = (GenericRecord)(await new ConfluentAvroDeserializer(_registry, V2).DeserializeAsync(bytes))!;

        read.Schema.Should().BeSameAs(V2);
        read["host"].Should().Be("web-1");
        read["value"].Should().Be(2.5);
        read["region"].Should().Be("eu-west");
    }

    [Fact]
    public async Task DeserializeAsync_NewerWriterOlderReader_SkipsTheUnknownField()
    {
        var point = Point(V2, "web-2", 1.0);
        point["region"] = "us-east";
        var bytes = await new ConfluentAvroSerializer(_registry).SerializeAsync("t", V2, point);

        var read = await new ConfluentAvroDeserializer(_registry, V1).DeserializeAsync(bytes);

        read.Should().Be(Point(V1, "web-2", 1.0));
    }

    [Fact]
    public async Task DeserializeAsync_UnknownSchemaId_ThrowsWireFormatExceptionWithTheId()
    {
        byte[] value = [0, 0, 0, 0x03, 0xE7, 0x02];

        var act = async () => await new ConfluentAvroDeserializer(_registry).DeserializeAsync(value);

        var error = (await act.Should().ThrowAsync<WireFormatException>()).Which;
        error.SchemaId.Should().Be(999);
        error.Message.Should().StartWith("Unknown schema id 999");
    }

    [Fact]
    public async Task DeserializeAsync_BadMagicByte_ThrowsWireFormatExceptionWithoutAskingTheRegistry()
    {
        byte[] value = [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x31, 0x7D]; // {"a":1}: JSON, not Avro

        var act = async () => await new ConfluentAvroDeserializer(_registry).DeserializeAsync(value);

        await act.Should().ThrowAsync<WireFormatException>().WithMessage("Unknown magic byte 0x7B*");
        _registry.GetSchemaCalls.Should().Be(0);
    }

    [Fact]
    public async Task DeserializeAsync_TruncatedBody_ThrowsWireFormatException()
    {
        var bytes = await new ConfluentAvroSerializer(_registry).SerializeAsync("t", V1, Point(V1, "web-1", 2.5));

        var act = async () => await new ConfluentAvroDeserializer(_registry).DeserializeAsync(bytes.AsMemory(0, bytes.Length - 3));

        (await act.Should().ThrowAsync<WireFormatException>()).Which.Message.Should().StartWith("Value with schema id").And.Contain("does not decode");
    }

    [Fact]
    public async Task DeserializeAsync_TrailingBytes_ThrowsWireFormatException()
    {
        var bytes = await new ConfluentAvroSerializer(_registry).SerializeAsync("t", V1, Point(V1, "web-1", 2.5));

        var act = async () => await new ConfluentAvroDeserializer(_registry).DeserializeAsync(bytes.Concat(new byte[] { 1, 2 }).ToArray());

        await act.Should().ThrowAsync<WireFormatException>().WithMessage("*2 bytes after its Avro body*");
    }

    [Fact]
    public async Task DeserializeAsync_ReaderCannotResolveWriter_ThrowsWireFormatException()
    {
        var strict = AvroSchema.Parse("""{"type":"record","name":"Point","namespace":"t","fields":[{"name":"rack","type":"int"}]}""");
        var bytes = await new ConfluentAvroSerializer(_registry).SerializeAsync("t", V1, Point(V1, "web-1", 2.5));

        var act = async () => await new ConfluentAvroDeserializer(_registry, strict).DeserializeAsync(bytes);

        await act.Should().ThrowAsync<WireFormatException>().WithMessage("Writer schema id * cannot be read with the reader schema*");
    }

    [Fact]
    public async Task DeserializeAsync_RegistryUnreachable_ThrowsSchemaRegistryExceptionNotWireFormat()
    {
        var bytes = await new ConfluentAvroSerializer(_registry).SerializeAsync("t", V1, Point(V1, "web-1", 2.5));
        _registry.Unreachable = true;

        var act = async () => await new ConfluentAvroDeserializer(_registry).DeserializeAsync(bytes);

        await act.Should().ThrowAsync<SchemaRegistryException>();
    }

    [Fact]
    public async Task WriteHeader_HotPathCodecWritesItsOwnBody_DecodesWithTheGenericDeserializer()
    {
        var id = await new ConfluentAvroSerializer(_registry).GetSchemaIdAsync("t", V1);
        var output = new ArrayBufferWriter<byte>();

        ConfluentWireFormat.WriteHeader(output, id);
        var writer = new AvroBinaryWriter(output);
        writer.WriteString("edge-9");
        writer.WriteDouble(42.0);
        writer.Flush();

        var read = await new ConfluentAvroDeserializer(_registry).DeserializeAsync(output.WrittenMemory);
        read.Should().Be(Point(V1, "edge-9", 42.0));
    }

    private static GenericRecord Point(RecordSchema schema, string host, double value)
    {
        var record = new GenericRecord(schema);
        record["host"] = host;
        record["value"] = value;
        if (schema.TryGetField("region", out _))
        {
            record["region"] = "eu-west";
        }

        return record;
    }
}
