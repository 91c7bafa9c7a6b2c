using System.Net.Http.Headers;
using System.Text;
using Confluent.Kafka;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Records;
using MetricStream.Edge.Tenants;
using MetricStream.Kafka.Topics;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.WireFormat;
using MetricStream.Testing;

namespace MetricStream.Edge.IntegrationTests.Support;

/// <summary>A record of the edge's topic, decoded.</summary>
public sealed record EdgeRecord(int Partition, long Offset, byte[]? Key, int SchemaId, PointBatch Batch);

/// <summary>
/// One edge (real Kestrel on a free port) on its own topic, with three API keys (tenants <c>acme</c> and
/// <c>globex</c> writing, <c>ops</c> admin), a real HttpClient, and a reader of everything on the topic.
/// </summary>
public sealed class EdgeHarness : IAsyncDisposable
{
    public const string AcmeKey = "msk_acme-test-key-0000000000000000000000000000";
    public const string GlobexKey = "msk_globex-test-key-000000000000000000000000000";
    public const string AdminKey = "msk_ops-admin-key-0000000000000000000000000000";

    private readonly EmbeddedKafkaFixture _kafka;

    private EdgeHarness(EmbeddedKafkaFixture kafka, string topic, EdgeServer server)
    {
        _kafka = kafka;
        Topic = topic;
        Server = server;
        Http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Topic { get; }

    public EdgeServer Server { get; }

    public HttpClient Http { get; }

    public static KeyStore TestKeys() => KeyStore.FromKeys(
    [
        (AcmeKey, new ApiKeyIdentity("acme", KeyRole.Write)),
        (GlobexKey, new ApiKeyIdentity("globex", KeyRole.Write)),
        (AdminKey, new ApiKeyIdentity("ops", KeyRole.Admin)),
    ]);

    /// <summary>Starts an edge on a new topic, or on <paramref name="topic"/> when given (e.g. a second edge after a first one stopped).</summary>
    public static async Task<EdgeHarness> StartAsync(EmbeddedKafkaFixture kafka, Uri registryUrl, ISchemaRegistryClient? registry, Func<EdgeOptions, EdgeOptions>? configure, int partitions, string? topic = null)
    {
        topic ??= kafka.CreateTopic("points", partitions);
        var options = new EdgeOptions
        {
            ListenUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}"),
            BootstrapServers = kafka.BootstrapServers,
            RegistryUrl = registryUrl,
            Registry = registry,
            Keys = TestKeys(),
            Topic = topic,
            TopicProvisioner = new EmbeddedTopicProvisioner(kafka.Cluster),
        };
        var server = await EdgeServer.StartAsync(configure?.Invoke(options) ?? options);
        return new EdgeHarness(kafka, topic, server);
    }

    /// <summary>Posts <paramref name="body"/> with <c>Authorization: Token key</c> (when given) and extra headers.</summary>
    public async Task<Response> PostAsync(string path, byte[] body, string? key = AcmeKey, string? contentType = null, string? contentEncoding = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", key);
        }

        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (contentEncoding is not null)
        {
            request.Content.Headers.ContentEncoding.Add(contentEncoding);
        }

        configure?.Invoke(request);
        return await SendAsync(request);
    }

    public Task<Response> PostAsync(string path, string body, string? key = AcmeKey, string? contentType = null) =>
        PostAsync(path, Encoding.UTF8.GetBytes(body), key, contentType);

    public async Task<Response> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var retryAfter = response.Headers.RetryAfter?.Delta;
        return new Response((int)response.StatusCode, text, retryAfter);
    }

    /// <summary>Reads every record now on the topic (up to each partition's high watermark), decoded.</summary>
    public List<EdgeRecord> ReadAll()
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            GroupId = $"edge-test-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
        }).Build();
        var records = new List<EdgeRecord>();
        for (var p = 0; p < Server.PartitionCount; p++)
        {
            var partition = new TopicPartition(Topic, p);
            var high = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).High.Value;
            if (high == 0)
            {
                continue;
            }

            consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
            var deadline = DateTime.UtcNow + Poll.DefaultTimeout;
            long next = 0;
            while (next < high)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"read {next} of {high} records of {partition}");
                }

                if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } result)
                {
                    records.Add(Decode(result));
                    next = result.Offset.Value + 1;
                }
            }
        }

        consumer.Close();
        return records;
    }

    /// <summary>Every point on the topic, with its batch's tenant and bucket set on it.</summary>
    public List<MetricPoint> ReadAllPoints() =>
        ReadAll().SelectMany(r => Enumerable.Range(0, r.Batch.Count).Select(i => r.Batch[i])).ToList();

    /// <summary>Every point on the topic as (writer tag, <c>id</c> field), in partition then offset order.</summary>
    public List<(string Writer, long Id)> ReadAllRecords() =>
        ReadAll().OrderBy(r => r.Partition).ThenBy(r => r.Offset)
            .SelectMany(r => Enumerable.Range(0, r.Batch.Count).Select(i => r.Batch[i]))
            .Where(p => p.Fields.Any(f => f.Name == "id"))
            .Select(p => (p.Tags.FirstOrDefault(t => t.Key == "writer").Value ?? string.Empty, p.Fields.Single(f => f.Name == "id").Value.AsLong))
            .ToList();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    private static EdgeRecord Decode(ConsumeResult<byte[]?, byte[]> result)
    {
        var id = ConfluentWireFormat.ReadHeader(result.Message.Value, out var body);
        var reader = new AvroBinaryReader(body);
        var batch = new PointBatch();
        PointBatchCodec.Read(ref reader, batch);
        reader.End.Should().BeTrue("a record holds exactly one batch");
        return new EdgeRecord(result.Partition.Value, result.Offset.Value, result.Message.Key, id, batch);
    }

    public sealed record Response(int Status, string Body, TimeSpan? RetryAfter);
}
