using System.Text.Json;
using MetricStream.SchemaRegistry.IntegrationTests.Support;
using MetricStream.SchemaRegistry.Server;
using MetricStream.Testing;

namespace MetricStream.SchemaRegistry.IntegrationTests.Server;

/// <summary>Kafka unavailable while registering: the caller gets 500/50001, never a false success, and no id is handed out twice.</summary>
public sealed class RegistryOutageTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task Register_AllBrokersDown_Is500StoreErrorThenSucceedsWithUniqueIdsWhenKafkaReturns()
    {
        var topic = kafka.CreateTopic("schemas-outage", partitions: 1);
        await using var server = await EmbeddedRegistryServer.StartAsync(new RegistryServerOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            SchemasTopic = topic,
            ListenUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}"),
            WriteTimeout = TimeSpan.FromSeconds(3),
            StartupTimeout = TimeSpan.FromSeconds(10),
        });
        using var http = new HttpClient { BaseAddress = server.Url };
        var first = await RegisterAsync(http, Schemas.Subject("before"), Schemas.PointV1);
        first.Status.Should().Be(200);

        kafka.Cluster.SetAllBrokersDown();
        (int Status, JsonElement Body) during;
        try
        {
            during = await RegisterAsync(http, Schemas.Subject("during"), Schemas.PointV2);
        }
        finally
        {
            kafka.Cluster.SetAllBrokersUp();
        }

        during.Status.Should().Be(500);
        during.Body.GetProperty("error_code").GetInt32().Should().Be(50001);
        during.Body.GetProperty("message").GetString().Should().Contain("Kafka");
        var after = await Poll.ResultAsync(
            async () =>
            {
                var r = await RegisterAsync(http, Schemas.Subject("after"), """{"type":"fixed","name":"Hash","size":16}""");
                return r.Status == 200 ? r : throw new InvalidOperationException($"HTTP {r.Status}: {r.Body}");
            },
            "a registration once the brokers are back",
            TimeSpan.FromSeconds(90)); // librdkafka reconnects with backoff up to 10 s, and a re-read may time out once

        var ids = new[] { first.Body.GetProperty("id").GetInt32(), after.Body.GetProperty("id").GetInt32() };
        ids.Should().OnlyHaveUniqueItems();
    }

    private static async Task<(int Status, JsonElement Body)> RegisterAsync(HttpClient http, string subject, string schema)
    {
        using var response = await http.PostAsync(
            $"/subjects/{subject}/versions",
            new StringContent(RegistryHarness.Body(schema), System.Text.Encoding.UTF8, "application/vnd.schemaregistry.v1+json"));
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode, doc.RootElement.Clone());
    }
}
