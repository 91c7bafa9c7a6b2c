using System.Net;
using System.Text.Json;
using MetricStream.Edge.IntegrationTests.Support;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.Server;
using MetricStream.Testing;

namespace MetricStream.Edge.IntegrationTests.Faults;

/// <summary><c>/readyz</c> while every broker is down, with and without a spool; a cluster of its own per test.</summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    private readonly EmbeddedKafkaFixture _kafka = new();
    private readonly string _spool = Directory.CreateTempSubdirectory("edge-ready-").FullName;
    private EmbeddedRegistryServer _registry = null!;
    private SchemaRegistryClient _registryClient = null!;

    public async Task InitializeAsync() => (_registry, _registryClient) = await EdgeFixture.StartRegistryAsync(_kafka);

    [Fact]
    public async Task KafkaDown_WithSpoolThatHasRoom_Ready200SayingKafkaDownSpoolAccepting_Until503WhenTheSpoolIsFull()
    {
        await using var edge = await EdgeHarness.StartAsync(_kafka, _registry.Url, _registryClient, o => o with { SpoolDirectory = _spool, SpoolMaxBytes = 16 * 1024 }, 3);
        (await edge.PostAsync("/api/v2/write", "warm v=1")).Status.Should().Be(204);
        var (upStatus, upBody) = await ReadyAsync(edge);
        upStatus.Should().Be(HttpStatusCode.OK);
        upBody.GetProperty("kafka").GetString().Should().Be("up");
        upBody.GetProperty("spool").GetString().Should().Be("accepting");

        _kafka.Cluster.SetAllBrokersDown();
        await Poll.UntilAsync(() => !edge.Server.IsReady, "the Kafka breaker to open");
        var (downStatus, downBody) = await ReadyAsync(edge);

        downStatus.Should().Be(HttpStatusCode.OK, "the edge accepts and durably spools writes while Kafka is down");
        downBody.GetProperty("status").GetString().Should().Be("ready");
        downBody.GetProperty("kafka").GetString().Should().Be("down");
        downBody.GetProperty("spool").GetString().Should().Be("accepting");
        (await edge.PostAsync("/api/v2/write", "spooled v=1")).Status.Should().Be(204, "a ready edge takes the write into the spool");

        var body = string.Join('\n', Enumerable.Range(0, 20).Select(i => $"fill,host=h{i} v={i}i"));
        for (var i = 0; i < 200 && (await edge.PostAsync("/api/v2/write", body)).Status == 204; i++)
        {
            // Fill the spool until it refuses.
        }

        var (fullStatus, fullBody) = await ReadyAsync(edge);
        fullStatus.Should().Be(HttpStatusCode.ServiceUnavailable, "a full spool cannot take writes while Kafka is down");
        fullBody.GetProperty("spool").GetString().Should().Be("full");
        fullBody.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).Should().ContainSingle().Which.Should().Contain("spool is full");

        _kafka.Cluster.SetAllBrokersUp();
        await Poll.UntilAsync(() => edge.Server.Spool!.IsEmpty, "the spool to drain", TimeSpan.FromSeconds(60));
        await Poll.UntilAsync(async () => (await ReadyAsync(edge)).Status == HttpStatusCode.OK, "ready again once the spool drained");
    }

    [Fact]
    public async Task KafkaDown_WithoutSpool_NotReady503SayingKafkaDownSpoolNone()
    {
        await using var edge = await EdgeHarness.StartAsync(_kafka, _registry.Url, _registryClient, null, 3);
        (await edge.PostAsync("/api/v2/write", "warm v=1")).Status.Should().Be(204);

        _kafka.Cluster.SetAllBrokersDown();
        await Poll.UntilAsync(() => !edge.Server.IsReady, "the Kafka breaker to open");
        var (status, body) = await ReadyAsync(edge);

        status.Should().Be(HttpStatusCode.ServiceUnavailable);
        body.GetProperty("status").GetString().Should().Be("not ready");
        body.GetProperty("kafka").GetString().Should().Be("down");
        body.GetProperty("spool").GetString().Should().Be("none");
        body.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).Should().Equal("Kafka is unavailable");
        _kafka.Cluster.SetAllBrokersUp();
    }

    public async Task DisposeAsync()
    {
        _registryClient.Dispose();
        await _registry.DisposeAsync();
        _kafka.Dispose();
        Directory.Delete(_spool, recursive: true);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync(EdgeHarness edge)
    {
        using var response = await edge.Http.GetAsync("/readyz");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }
}
