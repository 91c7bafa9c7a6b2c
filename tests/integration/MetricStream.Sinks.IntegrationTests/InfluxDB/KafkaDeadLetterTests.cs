using System.Text;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Records;
using MetricStream.Kafka.Consuming;
using MetricStream.Kafka.Producing;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.Serdes;
using MetricStream.SchemaRegistry.Server;
using MetricStream.Sinks.DeadLetters;
using MetricStream.Sinks.InfluxDB;
using MetricStream.Sinks.IntegrationTests.Support;
using MetricStream.Testing;
using MetricStream.Testing.Influx;

namespace MetricStream.Sinks.IntegrationTests.InfluxDB;

/// <summary>400s from influxd become DeadLetter records on the embedded Kafka, readable with the registry serdes.</summary>
public sealed class KafkaDeadLetterTests(InfluxdFixture influx, EmbeddedKafkaFixture kafka) : IClassFixture<InfluxdFixture>, IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task RejectedLine_IsPublishedToTheDeadLetterTopic_WithInfluxMessageAndSource()
    {
        await using var registry = await EmbeddedRegistryServer.StartAsync(new RegistryServerOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            SchemasTopic = kafka.CreateTopic("schemas", partitions: 1),
            ListenUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}"),
        });
        using var client = new SchemaRegistryClient(new SchemaRegistryClientOptions { Url = registry.Url });
        using var producer = new DurableProducer(new ProducerSettings { BootstrapServers = kafka.BootstrapServers });
        var topic = kafka.CreateTopic("dead-letters", partitions: 1);
        var db = influx.NewDatabaseName();
        await using var sink = await SinkFactory.StartAsync(SinkFactory.Options(db, influx), new KafkaInfluxDeadLetterPublisher(producer, new ConfluentAvroSerializer(client), topic));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() * 1_000_000_000;
        var good = new MetricPoint { Measurement = "dl", TimestampNanos = now };
        good.AddField("value", 1.0);
        await sink.Write(good, "raw", "acme");
        var bad = new MetricPoint { Measurement = "dl", TimestampNanos = now + 1 };
        bad.AddField("value", "text");

        await sink.Write(bad, "raw", "acme", new InfluxRecordSource("metrics.points", 2, 4242));

        using var consumer = ConsumerDefaults.Create(new ConsumerSettings { BootstrapServers = kafka.BootstrapServers, GroupId = "dl-" + Guid.NewGuid().ToString("N") });
        consumer.Subscribe(topic);
        var message = await Poll.ResultAsync(() => Task.FromResult(consumer.Consume(TimeSpan.FromMilliseconds(500)) ?? throw new InvalidOperationException("none yet")), "a dead letter on the topic", TimeSpan.FromSeconds(60));
        var letter = (GenericRecord)(await new ConfluentAvroDeserializer(client).DeserializeAsync(message.Message.Value))!;
        letter["errorType"].Should().Be("sink-rejected");
        ((string)letter["reason"]!).Should().Contain("field type conflict");
        letter["sourceTopic"].Should().Be("metrics.points");
        letter["sourcePartition"].Should().Be(2);
        letter["sourceOffset"].Should().Be(4242L);
        Encoding.UTF8.GetString((byte[])letter["value"]!).Should().Be($"dl,tenant=acme value=\"text\" {now + 1}");
        Encoding.UTF8.GetString(message.Message.Key!).Should().Be("acme");
        consumer.Close();
    }
}
