using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Confluent.Kafka;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Records;
using MetricStream.Edge.IntegrationTests.Support;
using MetricStream.SchemaRegistry.WireFormat;
using MetricStream.Testing;

namespace MetricStream.Edge.IntegrationTests.Faults;

/// <summary>An edge process killed with SIGKILL under load loses nothing it acknowledged.</summary>
[Collection(EdgeCollection.Name)]
public sealed class EdgeKillTests(EdgeFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-kill-").FullName;

    [Fact]
    public async Task Sigkill_MidLoad_EveryAcknowledgedPointIsInKafka()
    {
        var topic = fixture.Kafka.CreateTopic("killed", partitions: 3);
        var host = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../bench/edge/EdgeBenchHost/bin", Configuration(), "net10.0/EdgeBenchHost.dll"));
        File.Exists(host).Should().BeTrue($"the edge process host is built with the tests ({host})");
        using var edge = ChildProcess.Start("dotnet",
            [host, "edge", "--bootstrap", fixture.Kafka.BootstrapServers, "--topic", topic, "--key-file", Path.Combine(_dir, "keys"), "--registry", fixture.Registry.Url.ToString(), "--tenant", "victim"]);
        await Poll.UntilAsync(() => edge.Output.Any(l => l.StartsWith("key:", StringComparison.Ordinal)) || edge.HasExited, "the edge process to start", TimeSpan.FromSeconds(60));
        edge.HasExited.Should().BeFalse(string.Join('\n', edge.Errors));
        var url = edge.Output.Single(l => l.StartsWith("edge:", StringComparison.Ordinal))["edge:".Length..].Trim();
        var key = edge.Output.Single(l => l.StartsWith("key:", StringComparison.Ordinal))["key:".Length..].Trim();

        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", key);
        var acknowledged = new ConcurrentBag<long>();
        var statuses = new ConcurrentDictionary<int, int>();
        var attempted = 0L;
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var first = Interlocked.Add(ref attempted, 50) - 50;
                var body = new StringBuilder();
                for (var i = first; i < first + 50; i++)
                {
                    body.Append("kill,writer=w").Append(i % 4).Append(" seq=").Append(i).Append("i\n");
                }

                try
                {
                    using var response = await http.PostAsync("/api/v2/write", new StringContent(body.ToString()));
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    if ((int)response.StatusCode == 204)
                    {
                        for (var i = first; i < first + 50; i++)
                        {
                            acknowledged.Add(i);
                        }
                    }
                }
                catch (HttpRequestException ex)
                {
                    output.WriteLine($"writer stopped: {ex.Message}");
                    return; // the edge is gone
                }
            }
        })).ToList();

        try
        {
            await Poll.UntilAsync(() => acknowledged.Count >= 20_000, "20,000 acknowledged points before the kill", TimeSpan.FromSeconds(90));
        }
        finally
        {
            output.WriteLine($"statuses: {string.Join(", ", statuses.Select(s => $"{s.Key}={s.Value}"))}; edge stderr: {string.Join('\n', edge.Errors.TakeLast(20))}");
        }

        edge.Signal(9);
        await edge.WaitForExitAsync(TimeSpan.FromSeconds(30));
        stop.Cancel();
        await Task.WhenAll(writers);

        var inKafka = ReadSeqs(topic);
        inKafka.Should().Contain(acknowledged, "a 2xx means Kafka acknowledged the points");
        inKafka.Should().OnlyHaveUniqueItems("the idempotent producer never duplicates");
        (attempted > acknowledged.Count).Should().BeTrue("the kill cut requests off mid-flight");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Configuration() =>
        AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    private List<long> ReadSeqs(string topic)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig { BootstrapServers = fixture.Kafka.BootstrapServers, GroupId = $"kill-{Guid.NewGuid():N}" }).Build();
        var seqs = new List<long>();
        for (var p = 0; p < 3; p++)
        {
            var partition = new TopicPartition(topic, p);
            var high = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).High.Value;
            consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
            long next = 0;
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
                batch.Tenant.Should().Be("victim");
                for (var i = 0; i < batch.Count; i++)
                {
                    seqs.Add(batch[i].Fields[0].Value.AsLong);
                }

                next = result.Offset.Value + 1;
            }

            next.Should().Be(high, $"all of {partition} was read");
        }

        return seqs;
    }
}
