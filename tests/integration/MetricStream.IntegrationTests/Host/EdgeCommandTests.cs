using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Confluent.Kafka;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Records;
using MetricStream.SchemaRegistry.Server;
using MetricStream.SchemaRegistry.WireFormat;
using MetricStream.Testing;
using Xunit.Abstractions;

namespace MetricStream.IntegrationTests.Host;

/// <summary>
/// <c>metricstream edge</c> as a real process against an embedded cluster and registry started by the test, with a
/// key made by <c>metricstream keys add</c>: SIGKILL mid-load loses no acknowledged point; SIGTERM drains and exits 0.
/// </summary>
public sealed class EdgeCommandTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly EmbeddedKafkaFixture _kafka = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-cmd-").FullName;
    private EmbeddedRegistryServer _registry = null!;

    public async Task InitializeAsync() =>
        _registry = await EmbeddedRegistryServer.StartAsync(new RegistryServerOptions
        {
            BootstrapServers = _kafka.BootstrapServers,
            SchemasTopic = _kafka.CreateTopic("schemas", partitions: 1),
            ListenUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}"),
        });

    [Fact]
    public async Task Sigkill_MidLoad_EveryAcknowledgedPointIsInKafka()
    {
        var topic = _kafka.CreateTopic("edge-killed", partitions: 3);
        var (edge, http) = await StartEdgeAsync(topic, "victim");
        using var _ = edge;
        using var __ = http;
        await using var load = Load.Start(http, "kill", output);

        await Poll.UntilAsync(() => load.Acknowledged.Count >= 20_000 || edge.HasExited, "20,000 acknowledged points before the kill", TimeSpan.FromSeconds(90));
        edge.HasExited.Should().BeFalse(string.Join('\n', edge.Errors.TakeLast(20)));
        edge.Signal(9);
        await edge.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await load.StopAsync();

        var inKafka = ReadIds(topic, "victim");
        inKafka.Should().Contain(load.Acknowledged, "a 2xx means Kafka acknowledged the points");
        inKafka.Should().OnlyHaveUniqueItems("the idempotent producer never duplicates");
        load.Attempted.Should().BeGreaterThan(load.Acknowledged.Count, "the kill cut requests off mid-flight");
    }

    [Fact]
    public async Task Sigterm_UnderLoad_DrainsAndExitsZero_EveryAcknowledgedPointIsInKafka()
    {
        var topic = _kafka.CreateTopic("edge-drained", partitions: 3);
        var (edge, http) = await StartEdgeAsync(topic, "drained");
        using var _ = edge;
        using var __ = http;
        await using var load = Load.Start(http, "drain", output);
        await Poll.UntilAsync(() => load.Acknowledged.Count >= 5_000 || edge.HasExited, "5,000 acknowledged points before SIGTERM", TimeSpan.FromSeconds(90));

        edge.Signal(15);
        await edge.WaitForExitAsync(TimeSpan.FromSeconds(60));
        await load.StopAsync();

        edge.ExitCode.Should().Be(0, "SIGTERM is a clean shutdown");
        edge.Errors.Should().Contain(l => l.Contains("Draining the edge", StringComparison.Ordinal));
        load.Statuses.Keys.Should().BeSubsetOf([204, 503], "in-flight requests finish; new ones during the drain are refused with 503");
        ReadIds(topic, "drained").Should().Contain(load.Acknowledged);
    }

    [Fact]
    public async Task SpoolOption_KafkaDownThenSigkill_NextStartReplaysEveryAcknowledgedPoint()
    {
        var topic = _kafka.CreateTopic("edge-spooled", partitions: 3);
        var spool = Path.Combine(_dir, "spool");
        var (edge, http) = await StartEdgeAsync(topic, "spooler", "--spool", spool, "--spool-max-bytes", "10485760");
        using (edge)
        using (http)
        {
            (await http.PostAsync("/api/v2/write", new StringContent("spool,writer=w0 id=0i"))).StatusCode.Should().Be(System.Net.HttpStatusCode.NoContent);
            _kafka.Cluster.SetAllBrokersDown();
            // With a spool that has room the edge stays ready (200) while Kafka is down; the body says Kafka is down.
            await Poll.UntilAsync(async () => (await http.GetStringAsync("/readyz")).Contains("\"kafka\":\"down\"", StringComparison.Ordinal), "the edge to see Kafka down");
            for (var id = 1; id <= 5; id++)
            {
                using var response = await http.PostAsync("/api/v2/write", new StringContent($"spool,writer=w0 id={id}i"));
                ((int)response.StatusCode).Should().Be(204, "spooled while Kafka is down");
            }

            (await http.GetStringAsync("/metrics")).Should().Contain("edge_spool_pending_requests 5");
            edge.Signal(9);
            await edge.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        _kafka.Cluster.SetAllBrokersUp();
        var (restarted, http2) = await StartEdgeAsync(topic, "spooler", "--spool", spool);
        using var _ = restarted;
        using var __ = http2;

        await Poll.UntilAsync(async () => (await http2.GetStringAsync("/metrics")).Contains("edge_spool_pending_requests 0", StringComparison.Ordinal), "the spool left by the killed edge to be replayed", TimeSpan.FromSeconds(60));
        ReadIds(topic, "spooler").Order().Should().Equal(0, 1, 2, 3, 4, 5);
    }

    [Theory]
    [InlineData("--spool-max-bytes", "0", "--spool-max-bytes must be positive")]
    [InlineData("--listen", "not-a-url", "--listen and --registry must be absolute URLs")]
    public async Task Edge_UnusableOptions_ExitsWithUsageError(string option, string value, string message)
    {
        var keyFile = Path.Combine(_dir, "empty.keys");
        await File.WriteAllTextAsync(keyFile, string.Empty);
        using var edge = MetricStreamProcess.Start(null, "edge", "--bootstrap", _kafka.BootstrapServers, "--registry", _registry.Url.ToString(), "--api-keys", keyFile, option, value);

        await edge.WaitForExitAsync(TimeSpan.FromSeconds(60));

        edge.ExitCode.Should().Be(2);
        string.Join('\n', edge.Errors).Should().Contain(message);
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        _kafka.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<(ChildProcess Edge, HttpClient Http)> StartEdgeAsync(string topic, string tenant, params string[] extra)
    {
        var keyFile = Path.Combine(_dir, $"{tenant}.keys");
        var keyOut = keyFile + ".key";
        if (!File.Exists(keyOut))
        {
            using var keys = MetricStreamProcess.Start(null, "keys", "add", "--tenant", tenant, "--api-keys", keyFile);
            await keys.WaitForExitAsync(TimeSpan.FromSeconds(60));
            keys.ExitCode.Should().Be(0, string.Join('\n', keys.Errors));
            await File.WriteAllTextAsync(keyOut, keys.Output.Single().Trim());
        }

        var key = await File.ReadAllTextAsync(keyOut);

        string[] arguments =
        [
            "edge",
            "--listen", $"http://127.0.0.1:{FreePort.Next()}",
            "--bootstrap", _kafka.BootstrapServers,
            "--registry", _registry.Url.ToString(),
            "--api-keys", keyFile,
            "--topic", topic,
            .. extra,
        ];
        var edge = MetricStreamProcess.Start(null, arguments);
        var url = await MetricStreamProcess.WaitForLineAsync(edge, "edge");
        var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", key);
        return (edge, http);
    }

    private List<long> ReadIds(string topic, string tenant)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig { BootstrapServers = _kafka.BootstrapServers, GroupId = $"edge-cmd-{Guid.NewGuid():N}" }).Build();
        var ids = new List<long>();
        for (var p = 0; p < 3; p++)
        {
            var partition = new TopicPartition(topic, p);
            var high = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).High.Value;
            consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
            var next = 0L;
            var deadline = DateTime.UtcNow + Poll.DefaultTimeout;
            while (next < high && DateTime.UtcNow < deadline)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is not { } result)
                {
                    continue;
                }

                ConfluentWireFormat.ReadHeader(result.Message.Value, out var body);
                var reader = new AvroBinaryReader(body);
                var batch = new PointBatch();
                PointBatchCodec.Read(ref reader, batch);
                batch.Tenant.Should().Be(tenant, "the tenant comes from the key");
                for (var i = 0; i < batch.Count; i++)
                {
                    ids.Add(batch[i].Fields.Single(f => f.Name == "id").Value.AsLong);
                }

                next = result.Offset.Value + 1;
            }

            next.Should().Be(high, $"all of {partition} was read");
        }

        return ids;
    }

    /// <summary>Four writers posting 50 points each, every point with a unique <c>id</c> field, until stopped or the edge is gone.</summary>
    private sealed class Load : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly ITestOutputHelper _output;
        private List<Task> _writers = [];
        private long _attempted;

        private Load(ITestOutputHelper output) => _output = output;

        public ConcurrentBag<long> Acknowledged { get; } = [];

        public ConcurrentDictionary<int, int> Statuses { get; } = new();

        public long Attempted => Interlocked.Read(ref _attempted);

        public static Load Start(HttpClient http, string measurement, ITestOutputHelper output)
        {
            var load = new Load(output);
            load._writers = Enumerable.Range(0, 4).Select(w => Task.Run(() => load.WriteAsync(http, measurement, w))).ToList();
            return load;
        }

        public async Task StopAsync()
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            await _stop.CancelAsync();
            await Task.WhenAll(_writers);
            _output.WriteLine($"statuses: {string.Join(", ", Statuses.Select(s => $"{s.Key}={s.Value}"))}; attempted {Attempted}, acknowledged {Acknowledged.Count}");
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }

        private async Task WriteAsync(HttpClient http, string measurement, int writer)
        {
            while (!_stop.IsCancellationRequested)
            {
                var first = Interlocked.Add(ref _attempted, 50) - 50;
                var body = new StringBuilder();
                for (var id = first; id < first + 50; id++)
                {
                    body.Append(measurement).Append(",writer=w").Append(writer).Append(" id=").Append(id).Append("i\n");
                }

                try
                {
                    using var response = await http.PostAsync("/api/v2/write", new StringContent(body.ToString()));
                    Statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    if ((int)response.StatusCode == 204)
                    {
                        for (var id = first; id < first + 50; id++)
                        {
                            Acknowledged.Add(id);
                        }
                    }
                }
                catch (HttpRequestException)
                {
                    return; // the edge is gone
                }
            }
        }
    }
}
