using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using MetricStream.Kafka.Topics;
using MetricStream.SchemaRegistry.IntegrationTests.Support;
using MetricStream.SchemaRegistry.Server;
using MetricStream.Testing;

namespace MetricStream.SchemaRegistry.IntegrationTests.Server;

/// <summary>The registry's state lives in its Kafka topic: restarts, the records written, the topic's shape, broker outages.</summary>
public sealed class RegistryDurabilityTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task Restart_SameTopic_KeepsIdsVersionsAndConfigAndAllocatesAboveTheMax()
    {
        await using var registry = await RegistryHarness.StartAsync(kafka);
        var a = Schemas.Subject("a");
        var b = Schemas.Subject("b");
        var v1 = await registry.Client.RegisterAsync(a, Schemas.PointV1);
        var v2 = await registry.Client.RegisterAsync(a, Schemas.PointV2);
        var bId = await registry.Client.RegisterAsync(b, Schemas.PointV1);
        await registry.SendAsync(HttpMethod.Put, $"/config/{b}", """{"compatibility":"NONE"}""");
        await registry.SendAsync(HttpMethod.Delete, $"/subjects/{a}/versions/1");

        await registry.RestartAsync();

        (await registry.Client.GetVersionsAsync(a)).Should().Equal(2);
        (await registry.Client.GetVersionAsync(a, 2)).Id.Should().Be(v2);
        (await registry.Client.GetLatestAsync(b)).Id.Should().Be(v1);
        bId.Should().Be(v1);
        (await registry.Client.GetSchemaAsync(v1)).Should().Contain("\"Point\"");
        (await registry.Client.GetCompatibilityAsync(b)).Should().Be(MetricStream.Avro.Compatibility.CompatibilityLevel.None);
        (await registry.Client.RegisterAsync(a, Schemas.PointV2)).Should().Be(v2, "identical schema, same id after a restart");
        var fresh = await registry.Client.RegisterAsync(Schemas.Subject("c"), """{"type":"enum","name":"Color","symbols":["RED","GREEN"]}""");
        fresh.Should().BeGreaterThan(v2);
    }

    [Fact]
    public async Task Register_WritesAConfluentStyleRecordToTheSchemasTopicBeforeAnswering()
    {
        await using var registry = await RegistryHarness.StartAsync(kafka);
        var subject = Schemas.Subject("log");

        var id = await registry.Client.RegisterAsync(subject, Schemas.PointV1);

        var records = ReadTopic(registry.SchemasTopic);
        records.First().Should().Be(("""{"keytype":"NOOP","magic":0}""", (string?)null), "startup proves the topic is writable");
        var record = records.Where(r => !r.Key.Contains("NOOP", StringComparison.Ordinal)).Should().ContainSingle().Subject;
        record.Key.Should().Be($$"""{"keytype":"SCHEMA","subject":"{{subject}}","version":1,"magic":1}""");
        record.Value.Should().NotBeNull().And.StartWith($$"""{"subject":"{{subject}}","version":1,"id":{{id}},"schema":"{""").And.EndWith("\"deleted\":false}");
    }

    [Fact]
    public async Task Start_TopicMissingAndNoProvisioner_FailsSayingHowToCreateIt()
    {
        var missing = $"schemas-missing-{Guid.NewGuid():N}";

        var act = () => EmbeddedRegistryServer.StartAsync(new RegistryServerOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            SchemasTopic = missing,
            ListenUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}"),
        });

        (await act.Should().ThrowAsync<InvalidOperationException>()).WithMessage($"*'{missing}' does not exist*1 partition*compact*");
    }

    [Fact]
    public async Task Start_TopicMissingWithProvisioner_CreatesItWithOnePartition()
    {
        var topic = $"schemas-provisioned-{Guid.NewGuid():N}";

        await using (var server = await EmbeddedRegistryServer.StartAsync(new RegistryServerOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            SchemasTopic = topic,
            TopicProvisioner = new EmbeddedTopicProvisioner(kafka.Cluster),
            ListenUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}"),
        }))
        {
            using var http = new HttpClient { BaseAddress = server.Url };
            (await http.GetAsync("/healthz")).IsSuccessStatusCode.Should().BeTrue();
        }

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Should().HaveCount(1);
    }

    [Fact]
    public async Task Start_TopicWithThreePartitions_Refuses()
    {
        var topic = kafka.CreateTopic("schemas-wide", partitions: 3);

        var act = () => RegistryHarness.StartServerAsync(kafka, topic);

        (await act.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*has 3 partitions*exactly 1*");
    }

    private List<(string Key, string? Value)> ReadTopic(string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]?>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = $"reader-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
        }).Build();
        var partition = new TopicPartition(topic, 0);
        var end = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).High.Value;
        consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
        var records = new List<(string, string?)>();
        var watch = Stopwatch.StartNew();
        while (records.Count < end && watch.Elapsed < Poll.DefaultTimeout)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } result)
            {
                records.Add((Encoding.UTF8.GetString(result.Message.Key), result.Message.Value is null ? null : Encoding.UTF8.GetString(result.Message.Value)));
            }
        }

        return records;
    }
}
