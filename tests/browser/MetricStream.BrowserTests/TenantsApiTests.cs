using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MetricStream.BrowserTests.Support;

namespace MetricStream.BrowserTests;

/// <summary><c>/admin/tenants</c> on the admin listener of <c>up</c>: the edge's own endpoint's shapes, refusals and limits.</summary>
[Collection(UpCollection.Name)]
public sealed class TenantsApiTests(UpFixture up)
{
    [Fact]
    public async Task Policies_PutOnTheAdminListener_AnswerAsTheEdgesOwnEndpointAndListTheTenant()
    {
        var tenant = "api-" + Guid.NewGuid().ToString("N")[..8];
        const string Body = "{\"policies\":{\"token-bucket\":{\"pointsPerSecond\":500,\"burst\":1000}}}";

        var put = await SendAsync(up.Page, HttpMethod.Put, $"admin/tenants/{tenant}/policies", Body);
        var viaAdmin = await SendAsync(up.Page, HttpMethod.Get, $"admin/tenants/{tenant}/policies");
        var viaEdge = await SendAsync(up.Edge, HttpMethod.Get, $"admin/tenants/{tenant}/policies");
        var list = await SendAsync(up.Page, HttpMethod.Get, "admin/tenants");
        var invalid = await SendAsync(up.Page, HttpMethod.Put, $"admin/tenants/{tenant}/policies", "{\"policies\":{\"token-bucket\":{\"burst\":0},\"nope\":{}}}");
        var edgeInvalid = await SendAsync(up.Edge, HttpMethod.Put, $"admin/tenants/{tenant}/policies", "{\"policies\":{\"token-bucket\":{\"burst\":0},\"nope\":{}}}");
        var reset = await SendAsync(up.Page, HttpMethod.Delete, $"admin/tenants/{tenant}/policies");
        var afterReset = await SendAsync(up.Edge, HttpMethod.Get, $"admin/tenants/{tenant}/policies");

        put.Status.Should().Be(HttpStatusCode.OK);
        viaAdmin.Text.Should().Be(viaEdge.Text, "the admin listener delegates to the edge in the process");
        JsonDocument.Parse(viaAdmin.Text).RootElement.GetProperty("default").GetBoolean().Should().BeFalse();
        JsonDocument.Parse(list.Text).RootElement.GetProperty("tenants").EnumerateArray()
            .Should().Contain(t => t.GetProperty("tenant").GetString() == tenant && t.GetProperty("ownPolicies").GetBoolean());
        invalid.Status.Should().Be(HttpStatusCode.BadRequest);
        Problems(invalid.Text).Should().BeEquivalentTo(Problems(edgeInvalid.Text), "the same validation errors as the edge's endpoint");
        Problems(invalid.Text).Should().Contain(p => p.Contains("burst must be at least 1", StringComparison.Ordinal));
        reset.Status.Should().Be(HttpStatusCode.NoContent);
        JsonDocument.Parse(afterReset.Text).RootElement.GetProperty("default").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Policies_MalformedOrOversizedBodies_Answer400And413AndChangeNothing()
    {
        var tenant = "api-bad-" + Guid.NewGuid().ToString("N")[..8];

        var notJson = await SendAsync(up.Page, HttpMethod.Put, $"admin/tenants/{tenant}/policies", "{not json");
        var noPolicies = await SendAsync(up.Page, HttpMethod.Put, $"admin/tenants/{tenant}/policies", "{\"limits\":{}}");
        var huge = await SendAsync(up.Page, HttpMethod.Put, $"admin/tenants/{tenant}/policies", "{\"policies\":{},\"pad\":\"" + new string('x', 70_000) + "\"}");
        var badTenant = await SendAsync(up.Page, HttpMethod.Get, "admin/tenants/no%20spaces/policies");
        var after = await SendAsync(up.Page, HttpMethod.Get, $"admin/tenants/{tenant}/policies");

        notJson.Status.Should().Be(HttpStatusCode.BadRequest);
        notJson.Text.Should().Contain("invalid JSON");
        noPolicies.Status.Should().Be(HttpStatusCode.BadRequest);
        huge.Status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        badTenant.Status.Should().Be(HttpStatusCode.BadRequest);
        JsonDocument.Parse(after.Text).RootElement.GetProperty("default").GetBoolean().Should().BeTrue();
    }

    private static List<string> Problems(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();

    private async Task<(HttpStatusCode Status, string Text)> SendAsync(Uri server, HttpMethod method, string path, string? body = null)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", up.AdminKey);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
