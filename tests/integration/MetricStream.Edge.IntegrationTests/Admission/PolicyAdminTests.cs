using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MetricStream.Edge.IntegrationTests.Support;
using Microsoft.Extensions.Time.Testing;

namespace MetricStream.Edge.IntegrationTests.Admission;

/// <summary>Quotas through the admin API, on a live edge. Token buckets run on a fake clock: no sleeps.</summary>
[Collection(EdgeCollection.Name)]
public sealed class PolicyAdminTests(EdgeFixture fixture)
{
    [Fact]
    public async Task Quota_ChangedThroughAdminApi_TakesEffectLive()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var edge = await fixture.StartEdgeAsync(o => o with { TimeProvider = time });
        var tenPoints = string.Join('\n', Enumerable.Range(0, 10).Select(i => $"q,n={i} v=1"));
        (await edge.PostAsync("/api/v2/write", tenPoints)).Status.Should().Be(204, "no limits by default");

        var put = await Admin(edge, HttpMethod.Put, "acme", """{"policies":{"token-bucket":{"pointsPerSecond":5,"burst":10}}}""");
        put.Status.Should().Be(200, put.Body);

        (await edge.PostAsync("/api/v2/write", tenPoints)).Status.Should().Be(204, "a full bucket of 10");
        var throttled = await edge.PostAsync("/api/v2/write", tenPoints);
        throttled.Status.Should().Be(429);
        throttled.RetryAfter.Should().Be(TimeSpan.FromSeconds(2), "10 tokens at 5/s");
        throttled.Body.Should().Contain("5 points/s");
        (await edge.PostAsync("/api/v2/write", tenPoints, key: EdgeHarness.GlobexKey)).Status.Should().Be(204, "other tenants are not limited");

        time.Advance(TimeSpan.FromSeconds(2));
        (await edge.PostAsync("/api/v2/write", tenPoints)).Status.Should().Be(204, "the bucket refilled");

        (await Admin(edge, HttpMethod.Put, "acme", """{"policies":{"token-bucket":{"pointsPerSecond":1000000,"burst":1000000}}}""")).Status.Should().Be(200);
        (await edge.PostAsync("/api/v2/write", tenPoints)).Status.Should().Be(204, "the raised quota applies at once");

        edge.ReadAllPoints().Where(p => p.Tenant == "acme").Should().HaveCount(40, "throttled points never reach Kafka");
        edge.Server.Metrics.PointsThrottled.Get("acme").Should().Be(10);
    }

    [Fact]
    public async Task NewSeriesLimit_OverTheLimit_429UntilTheMinuteEnds()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var edge = await fixture.StartEdgeAsync(o => o with { TimeProvider = time });
        (await Admin(edge, HttpMethod.Put, "acme", """{"policies":{"new-series":{"perMinute":3}}}""")).Status.Should().Be(200);

        (await edge.PostAsync("/api/v2/write", "s,n=1 v=1\ns,n=2 v=1")).Status.Should().Be(204);
        var refused = await edge.PostAsync("/api/v2/write", "s,n=3 v=1\ns,n=4 v=1");
        (await edge.PostAsync("/api/v2/write", "s,n=1 v=2\ns,n=2 v=2")).Status.Should().Be(204, "known series are always welcome");
        time.Advance(TimeSpan.FromMinutes(1));
        var later = await edge.PostAsync("/api/v2/write", "s,n=3 v=1\ns,n=4 v=1");

        refused.Status.Should().Be(429);
        refused.RetryAfter.Should().Be(TimeSpan.FromSeconds(60));
        later.Status.Should().Be(204);
    }

    [Fact]
    public async Task MaxBodyPolicy_SmallerThanGlobalLimit_413ForThatTenantOnly()
    {
        await using var edge = await fixture.StartEdgeAsync();
        (await Admin(edge, HttpMethod.Put, "acme", """{"policies":{"max-body":{"bytes":100}}}""")).Status.Should().Be(200);
        var body = string.Join('\n', Enumerable.Range(0, 20).Select(i => $"b v={i}"));

        (await edge.PostAsync("/api/v2/write", body)).Status.Should().Be(413);
        (await edge.PostAsync("/api/v2/write", body, key: EdgeHarness.GlobexKey)).Status.Should().Be(204);
    }

    [Fact]
    public async Task Admin_GetPutDelete_ShowsReplacesAndResetsPolicies()
    {
        await using var edge = await fixture.StartEdgeAsync(o => o with
        {
            DefaultPolicies = JsonDocument.Parse("""{"token-bucket":{"pointsPerSecond":100,"burst":200}}""").RootElement.Clone(),
        });

        var initial = await Admin(edge, HttpMethod.Get, "acme");
        await Admin(edge, HttpMethod.Put, "acme", """{"policies":{"new-series":{"perMinute":9}}}""");
        var changed = await Admin(edge, HttpMethod.Get, "acme");
        var deleted = await Admin(edge, HttpMethod.Delete, "acme");
        var reset = await Admin(edge, HttpMethod.Get, "acme");

        Policies(initial).Should().Be("""{"token-bucket":{"pointsPerSecond":100,"burst":200}}""");
        JsonDocument.Parse(initial.Body).RootElement.GetProperty("default").GetBoolean().Should().BeTrue();
        Policies(changed).Should().Contain("\"new-series\":{\"perMinute\":9").And.NotContain("token-bucket");
        deleted.Status.Should().Be(204);
        Policies(reset).Should().Be(Policies(initial));
    }

    [Fact]
    public async Task Admin_InvalidPolicies_400ListingProblemsAndNothingChanges()
    {
        await using var edge = await fixture.StartEdgeAsync();

        var response = await Admin(edge, HttpMethod.Put, "acme", """{"policies":{"token-bucket":{"pointsPerSecond":0,"burst":1},"bogus":{}}}""");
        var bad = await Admin(edge, HttpMethod.Put, "acme", "not json");

        response.Status.Should().Be(400);
        JsonDocument.Parse(response.Body).RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetString())
            .Should().HaveCount(2).And.Contain(p => p!.Contains("pointsPerSecond")).And.Contain(p => p!.Contains("bogus"));
        bad.Status.Should().Be(400);
        Policies(await Admin(edge, HttpMethod.Get, "acme")).Should().Be("{}");
    }

    [Fact]
    public async Task Admin_WriteKeyOrNoKey_IsRefused()
    {
        await using var edge = await fixture.StartEdgeAsync();

        (await Admin(edge, HttpMethod.Get, "acme", key: EdgeHarness.AcmeKey)).Status.Should().Be(403);
        (await Admin(edge, HttpMethod.Put, "acme", """{"policies":{}}""", key: EdgeHarness.AcmeKey)).Status.Should().Be(403);
        (await Admin(edge, HttpMethod.Get, "acme", key: null)).Status.Should().Be(401);
        (await Admin(edge, HttpMethod.Get, "acme", key: "msk_nope")).Status.Should().Be(401);
    }

    private static string Policies(EdgeHarness.Response response) =>
        JsonDocument.Parse(response.Body).RootElement.GetProperty("policies").GetRawText();

    private static Task<EdgeHarness.Response> Admin(EdgeHarness edge, HttpMethod method, string tenant, string? body = null, string? key = EdgeHarness.AdminKey)
    {
        var request = new HttpRequestMessage(method, $"/admin/tenants/{tenant}/policies");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", key);
        }

        return edge.SendAsync(request);
    }
}
