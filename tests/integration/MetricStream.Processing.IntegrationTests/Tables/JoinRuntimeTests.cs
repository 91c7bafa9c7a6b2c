using System.Buffers;
using Confluent.Kafka;
using MetricStream.Avro.Records;
using MetricStream.Kafka.Producing;
using MetricStream.Kafka.Topics;
using MetricStream.Processing.IntegrationTests.Support;
using MetricStream.Processing.Runtime;
using MetricStream.Processing.Topology;
using MetricStream.SchemaRegistry.Serdes;
using MetricStream.SchemaRegistry.WireFormat;
using MetricStream.Testing;

namespace MetricStream.Processing.IntegrationTests.Tables;

/// <summary>The stream-table join on the embedded broker: the table topic is loaded before processing and followed afterwards.</summary>
public sealed class JoinRuntimeTests(ProcessingFixture fixture) : IClassFixture<ProcessingFixture>
{
    [Fact]
    public async Task Join_LoadsTheTableBeforeProcessing_AndFollowsItsUpdates()
    {
        var points = fixture.Kafka.CreateTopic("points", partitions: 3);
        var hosts = fixture.Kafka.CreateTopic("hosts", partitions: 2);
        var output = fixture.Kafka.CreateTopic("owned", partitions: 3);
        var dead = fixture.Kafka.CreateTopic("dead", partitions: 1);
        var pointSchema = await PointsInput.RegisterAsync(fixture.Client, points);
        var rowSchema = await fixture.Client.RegisterAsync(SubjectNames.ForValue(hosts), ProductSchemas.Json("metric-point.avsc"));
        using var producer = new DurableProducer(new ProducerSettings { BootstrapServers = fixture.Kafka.BootstrapServers });
        foreach (var host in new[] { "h0", "h1", "h2" })
        {
            await ProduceRowAsync(producer, hosts, rowSchema, host, "team-" + host);
        }

        var topology = new TopologyBuilder("join-" + Guid.NewGuid().ToString("N")[..8])
            .Source("points", points, SourceSchema.PointBatch)
            .Join("owned", "points", hosts, ["host"], ["team"], keepUnmatched: false)
            .Sink("out", "owned", output)
            .Build();
        var options = new StreamsApplicationOptions
        {
            BootstrapServers = fixture.Kafka.BootstrapServers,
            RegistryUrl = fixture.Registry.Url,
            DeadLetterTopic = dead,
            TopicProvisioner = new EmbeddedTopicProvisioner(fixture.Kafka.Cluster),
        };
        await PointsInput.ProduceAsync(fixture.Kafka.BootstrapServers, points, pointSchema, PointsInput.Generate(series: 6, minutes: 1));

        await using var running = RunningApplication.Start(topology, options);
        var first = Read(output, r => r.Select(x => x.Host).Distinct().Count() >= 3);
        first.Should().OnlyContain(p => p.Team == "team-" + p.Host, "every joined point carries its host's team")
            .And.OnlyContain(p => p.Host == "h0" || p.Host == "h1" || p.Host == "h2", "hosts without a table row are dropped");

        await ProduceRowAsync(producer, hosts, rowSchema, "h3", "team-late");
        await Poll.UntilAsync(() => running.Application.TableRows == 4, "the table update applied", TimeSpan.FromSeconds(60));
        await PointsInput.ProduceAsync(fixture.Kafka.BootstrapServers, points, pointSchema, [new InputPoint("h3", PointsInput.Base.AddMinutes(5), 7)]);

        Read(output, r => r.Any(x => x.Host == "h3")).Where(p => p.Host == "h3").Should().ContainSingle().Which.Team.Should().Be("team-late");
    }

    private static async Task ProduceRowAsync(DurableProducer producer, string topic, int schemaId, string host, string team)
    {
        var row = new MetricPoint { Tenant = "acme", Measurement = "host_info", Timestamp = PointsInput.Base }.AddTag("host", host).AddTag("team", team).AddField("up", 1.0);
        var buffer = new ArrayBufferWriter<byte>();
        ConfluentWireFormat.WriteHeader(buffer, schemaId);
        MetricPointCodec.Write(buffer, row);
        await producer.ProduceAsync(topic, new Message<byte[]?, byte[]> { Key = System.Text.Encoding.UTF8.GetBytes(host), Value = buffer.WrittenSpan.ToArray() });
    }

    private List<Owned> Read(string topic, Func<List<Owned>, bool> enough) =>
        [.. OutputReader.ReadUntil(fixture.Kafka.BootstrapServers, topic, records => enough([.. records.Select(ToOwned)])).Select(ToOwned)];

    private static Owned ToOwned(ConsumeResult<byte[]?, byte[]> record)
    {
        var point = OutputReader.Point(record.Message.Value);
        return new Owned(point.Tags.Single(t => t.Key == "host").Value, point.Tags.FirstOrDefault(t => t.Key == "team").Value);
    }

    private sealed record Owned(string Host, string? Team);
}
