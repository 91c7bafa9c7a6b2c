using System.Net;
using System.Text;
using Confluent.Kafka;
using MetricStream.Edge.IntegrationTests.Support;
using MetricStream.Edge.Producing;

namespace MetricStream.Edge.IntegrationTests.Endpoints;

[Collection(EdgeCollection.Name)]
public sealed class StatusEndpointTests(EdgeFixture fixture)
{
    [Fact]
    public async Task HealthAndReady_RunningEdge_Answer200()
    {
        await using var edge = await fixture.StartEdgeAsync();

        (await edge.Http.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
        var ready = await edge.Http.GetAsync("/readyz");

        ready.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).Should().Contain("\"ready\"");
        edge.Server.IsReady.Should().BeTrue();
    }

    [Fact]
    public async Task Metrics_AfterWrites_CountRequestsPointsAndProduceLatency()
    {
        await using var edge = await fixture.StartEdgeAsync();
        await edge.PostAsync("/api/v2/write", "m v=1\nm v=2\nm v=3");
        await edge.PostAsync("/api/v2/write", "m v=1\nbroken");
        await edge.PostAsync("/api/v2/write", "m v=1", key: "msk_wrong");

        var response = await edge.Http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        text.Should().Contain("edge_http_requests_total{endpoint=\"/api/v2/write\",status=\"204\"} 1\n")
            .And.Contain("edge_http_requests_total{endpoint=\"/api/v2/write\",status=\"400\"} 1\n")
            .And.Contain("edge_http_requests_total{endpoint=\"/api/v2/write\",status=\"401\"} 1\n")
            .And.Contain("edge_points_accepted_total{tenant=\"acme\"} 4\n")
            .And.Contain("edge_points_rejected_total{tenant=\"acme\"} 1\n")
            .And.Contain("edge_produce_duration_seconds_count 2\n")
            .And.Contain("edge_produce_duration_seconds_bucket{le=\"+Inf\"} 2\n")
            .And.Contain("edge_kafka_available 1\n")
            .And.Contain("edge_circuit_open 0\n")
            .And.Contain("# TYPE edge_produce_duration_seconds histogram\n");
    }

    [Fact]
    public async Task InfluxHandshakes_PingHealthAndCreateDatabase_AnswerLikeInfluxDb()
    {
        await using var edge = await fixture.StartEdgeAsync();

        var ping = await edge.Http.GetAsync("/ping");
        var health = await edge.Http.GetAsync("/health");
        using var create = new HttpRequestMessage(HttpMethod.Post, $"/query?u=x&p={EdgeHarness.AcmeKey}&q=CREATE+DATABASE+%22tele+graf%22");
        var created = await edge.SendAsync(create);
        using var select = new HttpRequestMessage(HttpMethod.Get, $"/query?u=x&p={EdgeHarness.AcmeKey}&q=SELECT+*+FROM+cpu");
        var selected = await edge.SendAsync(select);
        using var anonymous = new HttpRequestMessage(HttpMethod.Post, "/query?q=CREATE+DATABASE+x");
        var refused = await edge.SendAsync(anonymous);

        ping.StatusCode.Should().Be(HttpStatusCode.NoContent);
        ping.Headers.GetValues("X-Influxdb-Version").Should().ContainSingle();
        health.StatusCode.Should().Be(HttpStatusCode.OK);
        (await health.Content.ReadAsStringAsync()).Should().Contain("\"status\":\"pass\"");
        created.Status.Should().Be(200);
        created.Body.Should().Be("{\"results\":[{\"statement_id\":0}]}");
        selected.Status.Should().Be(400);
        selected.Body.Should().Contain("writes only");
        refused.Status.Should().Be(401);
        edge.ReadAll().Should().BeEmpty("CREATE DATABASE is a no-op");
    }

    [Fact]
    public async Task UnknownPathOrMethod_Is4xx()
    {
        await using var edge = await fixture.StartEdgeAsync();

        (await edge.Http.GetAsync("/nope")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        ((int)(await edge.Http.GetAsync("/api/v2/write")).StatusCode).Should().BeInRange(400, 499);
    }

    [Fact]
    public async Task Partitioning_MatchesLibrdkafkaMurmur2Partitioner()
    {
        // The Java client's default partitioner, as librdkafka implements it: an independent check of ours.
        await using var edge = await fixture.StartEdgeAsync(partitions: 7);
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = fixture.Kafka.BootstrapServers,
            Partitioner = Partitioner.Murmur2,
        }).Build();

        for (var i = 0; i < 200; i++)
        {
            var key = Encoding.UTF8.GetBytes($"acme\0cpu\0host\0server-{i}\0");
            var result = await producer.ProduceAsync(edge.Topic, new Message<byte[], byte[]> { Key = key, Value = [] });
            result.Partition.Value.Should().Be(Murmur2.Partition(key, 7), $"key {i}");
        }
    }
}
