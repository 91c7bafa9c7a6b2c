using System.Globalization;
using System.Net.Http.Json;
using MetricStream.FaultTests.Ledger;
using MetricStream.Testing;
using MetricStream.Testing.Influx;

namespace MetricStream.FaultTests.Security;

/// <summary>A key of tenant A can neither write as tenant B nor read or change B's admin state; admin endpoints need the admin key.</summary>
[Collection(SecurityCollection.Name)]
public sealed class TenantIsolationTests(SecurePipeline secure)
{
    [Fact]
    public async Task KeyOfAlpha_PayloadClaimingBeta_EveryPointStoredAsAlpha()
    {
        var nanos = LoadGenerator.ToNanos(TimeProvider.System.GetUtcNow().AddMinutes(-1));
        var edge = secure.Pipeline.EdgeUrl;
        (await SecurePipeline.SendAsync(HttpMethod.Post, new Uri(edge, "api/v2/write?bucket=beta&org=beta&precision=ns"), secure.AlphaKey,
            new StringContent(string.Create(CultureInfo.InvariantCulture, $"claim,tenant=beta,host=lp value=1.5 {nanos}")))).Status.Should().Be(204);
        var json = $$"""{"tenant":"beta","metrics":[{"name":"claim","value":2.5,"tags":{"tenant":"beta","host":"json"},"timestamp":{{nanos / 1_000_000}}}]}""";
        (await SecurePipeline.SendAsync(HttpMethod.Post, new Uri(edge, "api/v1/metrics"), secure.AlphaKey, new StringContent(json, null, "application/json"))).Status.Should().Be(204);

        var batches = TopicSnapshot.ReadAll(secure.Pipeline.Kafka.BootstrapServers, "metrics.points", TimeSpan.FromSeconds(60))
            .SelectMany(v => AvroPointReader.ReadBatch(v)).Where(p => p.Measurement == "claim").ToList();
        batches.Should().HaveCount(2);
        batches.Should().OnlyContain(p => p.Tenant == "alpha", "the tenant comes from the key, never from the payload");

        var query = new InfluxQueryClient(secure.Pipeline.Influx.Url);
        var rows = await Poll.ResultAsync(
            async () =>
            {
                var series = await query.RunAsync("SELECT \"value\" FROM \"raw\".\"claim\" GROUP BY *", secure.Pipeline.Database);
                return series.Sum(s => s.Rows.Count) == 2 ? series : throw new InvalidOperationException("not both rows yet");
            },
            "both points in InfluxDB raw",
            TimeSpan.FromSeconds(90));
        rows.Select(s => s.Tags["tenant"]).Should().OnlyContain(t => t == "alpha", "the sink's tenant tag is the key's tenant");
    }

    [Theory]
    [InlineData("admin/tenants/beta/policies")]
    [InlineData("admin/tenants/alpha/policies")]
    public async Task EdgeTenantAdmin_WithoutAdminKey_Refused(string path)
    {
        var url = new Uri(secure.Pipeline.EdgeUrl, path);
        (await SecurePipeline.SendAsync(HttpMethod.Get, url, null)).Status.Should().Be(401);
        (await SecurePipeline.SendAsync(HttpMethod.Get, url, secure.AlphaKey)).Status.Should().Be(403);
        var change = JsonContent.Create(new { policies = new Dictionary<string, object> { ["token-bucket"] = new { pointsPerSecond = 1, burst = 1 } } });
        (await SecurePipeline.SendAsync(HttpMethod.Put, url, secure.AlphaKey, change)).Status.Should().Be(403);
        (await SecurePipeline.SendAsync(HttpMethod.Delete, url, secure.BetaKey)).Status.Should().Be(403);

        var asAdmin = await SecurePipeline.SendAsync(HttpMethod.Get, url, secure.AdminKey);
        asAdmin.Status.Should().Be(200, "the admin key may (the refusals above are about the key, not the endpoint)");
        asAdmin.Body.Should().NotContain("pointsPerSecond\":1,", "the refused PUT changed nothing");
    }

    [Theory]
    [InlineData("admin/tenants")]
    [InlineData("admin/tenants/beta/policies")]
    [InlineData("admin/alert-rules")]
    [InlineData("admin/alerts/firing")]
    [InlineData("admin/status")]
    [InlineData("admin/topologies")]
    public async Task AdminListener_WithoutAdminKey_Refused(string path)
    {
        var url = new Uri(secure.AdminListener, path);
        (await SecurePipeline.SendAsync(HttpMethod.Get, url, null)).Status.Should().Be(401, $"GET /{path} without a key");
        (await SecurePipeline.SendAsync(HttpMethod.Get, url, secure.BetaKey)).Status.Should().Be(403, $"GET /{path} with tenant beta's write key");
        (await SecurePipeline.SendAsync(HttpMethod.Get, url, "msk_not-a-key")).Status.Should().Be(401, $"GET /{path} with an unknown key");
    }

    [Fact]
    public async Task AdminListener_AlertRuleChange_RefusedWithoutAdminKeyAndAllowedWithIt()
    {
        var url = new Uri(secure.AdminListener, "admin/alert-rules/fault-suite");
        var rule = """{"select":{"measurement":"cpu","field":"value"},"aggregate":"max","threshold":{"op":">","value":90,"for":"1m"}}""";
        (await SecurePipeline.SendAsync(HttpMethod.Put, url, secure.AlphaKey, new StringContent(rule, null, "application/json"))).Status.Should().Be(403);
        (await SecurePipeline.SendAsync(HttpMethod.Get, url, secure.AdminKey)).Status.Should().Be(404, "the refused PUT wrote nothing");
        (await SecurePipeline.SendAsync(HttpMethod.Get, new Uri(secure.AdminListener, "admin/alert-rules"), secure.AdminKey)).Status.Should().Be(200);
    }
}
