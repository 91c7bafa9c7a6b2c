using System.Net;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Schemas;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.IntegrationTests.Support;
using MetricStream.SchemaRegistry.Serdes;
using MetricStream.SchemaRegistry.WireFormat;
using MetricStream.Testing;

namespace MetricStream.SchemaRegistry.IntegrationTests.Serdes;

/// <summary>Our serializer and deserializer through a real topic and our real registry.</summary>
public sealed class WireFormatRoundTripTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private readonly EmbeddedKafkaFixture _kafka = fixture.Kafka;
    private static readonly RecordSchema V1 = (RecordSchema)AvroSchema.Parse(Schemas.PointV1);
    private static readonly RecordSchema V2 = (RecordSchema)AvroSchema.Parse(Schemas.PointV2);
    private readonly RegistryHarness _registry = fixture.Registry;

    [Fact]
    public async Task Serialize_ProduceConsumeDeserialize_RoundTripsUnderTopicValueSubject()
    {
        var topic = _kafka.CreateTopic("points");
        var serializer = new ConfluentAvroSerializer(_registry.Client);
        var points = Enumerable.Range(0, 5).Select(i => Point(V1, $"web-{i}", i * 1.5)).ToList();

        var values = new List<byte[]>();
        foreach (var point in points)
        {
            values.Add(await serializer.SerializeAsync(topic, V1, point));
        }

        await KafkaIo.ProduceAsync(_kafka.BootstrapServers, topic, values);
        var deserializer = new ConfluentAvroDeserializer(_registry.Client, V1);
        var read = new List<object?>();
        foreach (var value in KafkaIo.Consume(_kafka.BootstrapServers, topic, points.Count))
        {
            read.Add(await deserializer.DeserializeAsync(value));
        }

        read.Should().BeEquivalentTo(points);
        var latest = await _registry.Client.GetLatestAsync($"{topic}-value");
        ConfluentWireFormat.ReadHeader(values[0]).Should().Be(latest.Id);
    }

    [Fact]
    public async Task Deserialize_OlderWriterWithNewerReader_ResolvesWithTheReadersDefault()
    {
        var topic = _kafka.CreateTopic("evolving");
        var serializer = new ConfluentAvroSerializer(_registry.Client);
        var old = await serializer.SerializeAsync(topic, V1, Point(V1, "old-host", 1.0));
        var v2Point = Point(V2, "new-host", 2.0);
        v2Point["region"] = "us-east";
        var current = await serializer.SerializeAsync(topic, V2, v2Point);
        await KafkaIo.ProduceAsync(_kafka.BootstrapServers, topic, [old, current]);

        using var freshClient = new SchemaRegistryClient(new SchemaRegistryClientOptions { Url = _registry.Url });
        var deserializer = new ConfluentAvroDeserializer(freshClient, V2);
        var read = new List<GenericRecord>();
        foreach (var value in KafkaIo.Consume(_kafka.BootstrapServers, topic, 2))
        {
            read.Add((GenericRecord)(await deserializer.DeserializeAsync(value))!);
        }

        ConfluentWireFormat.ReadHeader(old).Should().NotBe(ConfluentWireFormat.ReadHeader(current));
        read.Select(r => (r["host"], r["region"])).Should().BeEquivalentTo([("old-host", "eu-west"), ("new-host", "us-east")]);
        (await _registry.Client.GetVersionsAsync($"{topic}-value")).Should().Equal(1, 2);
    }

    [Fact]
    public async Task Serialize_IncompatibleSchemaForTheTopic_FailsWith409FromTheRegistry()
    {
        var topic = _kafka.CreateTopic("strict");
        var serializer = new ConfluentAvroSerializer(_registry.Client);
        await serializer.SerializeAsync(topic, V1, Point(V1, "h", 1));
        var incompatible = (RecordSchema)AvroSchema.Parse(Schemas.PointRequiredRegion);
        var record = Point(incompatible, "h", 2);
        record["region"] = "x";

        var act = () => serializer.SerializeAsync(topic, incompatible, record);

        var error = (await act.Should().ThrowAsync<SchemaRegistryException>()).Which;
        error.StatusCode.Should().Be(HttpStatusCode.Conflict);
        error.ErrorCode.Should().Be(409);
        error.RegistryMessage.Should().Contain("region");
    }

    [Fact]
    public async Task Deserialize_RecordWithAnIdTheRegistryNeverIssued_ThrowsWireFormatException()
    {
        byte[] value = [0, 0x00, 0x0F, 0x42, 0x40, 0x02, 0x41];

        var act = async () => await new ConfluentAvroDeserializer(_registry.Client).DeserializeAsync(value);

        var error = (await act.Should().ThrowAsync<WireFormatException>()).Which;
        error.SchemaId.Should().Be(1_000_000);
        error.Message.Should().Contain("Unknown schema id 1000000");
    }

    private static GenericRecord Point(RecordSchema schema, string host, double value)
    {
        var record = new GenericRecord(schema);
        record["host"] = host;
        record["value"] = value;
        if (schema.TryGetField("region", out var field) && field.HasDefault)
        {
            record["region"] = "eu-west";
        }

        return record;
    }
}
