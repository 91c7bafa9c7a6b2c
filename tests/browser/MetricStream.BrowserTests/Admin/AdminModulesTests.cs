using System.Net;
using System.Text.Json;
using MetricStream.BrowserTests.Support;

namespace MetricStream.BrowserTests.Admin;

/// <summary>The page, status, topology and tenant modules on an in-process admin listener (no browser, no servers); everything under <c>/admin/</c> needs the admin key.</summary>
public sealed class AdminModulesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("admin-topologies-").FullName;

    [Fact]
    public async Task Page_Root_ServesTheEmbeddedIndexAndItsScriptsAndAnswers404ForUnknownFiles()
    {
        await using var admin = await AdminListener.StartAsync();

        using var index = await admin.SendAsync(HttpMethod.Get, "/", key: null);
        index.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await index.Content.ReadAsStringAsync()).Should().Contain("/page/app.js");
        foreach (var file in new[] { "app.js", "live.js", "graph.js", "tenants.js", "rules.js", "chart.js", "api.js", "forms.js", "app.css", "favicon.svg" })
        {
            using var asset = await admin.SendAsync(HttpMethod.Get, "/page/" + file, key: null);
            asset.StatusCode.Should().Be(HttpStatusCode.OK, file);
            (await asset.Content.ReadAsByteArrayAsync()).Should().NotBeEmpty(file);
        }

        using var missing = await admin.SendAsync(HttpMethod.Get, "/page/missing.js", key: null);
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Json(missing)).GetProperty("code").GetString().Should().Be("not found");
    }

    [Fact]
    public async Task Status_WithNoRolesInTheProcess_IsReadyWithNoRolesAndAVersion()
    {
        await using var admin = await AdminListener.StartAsync();

        using var response = await admin.SendAsync(HttpMethod.Get, "/admin/status");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var status = await Json(response);
        status.GetProperty("ready").GetBoolean().Should().BeTrue();
        status.GetProperty("roles").GetArrayLength().Should().Be(0);
        status.GetProperty("version").GetString().Should().NotBeNullOrEmpty();
        status.GetProperty("kafka").GetProperty("bootstrapServers").GetString().Should().Be("127.0.0.1:1");
    }

    [Fact]
    public async Task Topologies_OfADirectoryWithABrokenFile_ListsTheGoodGraphAndTheBrokenFilesError()
    {
        File.Copy(Path.Combine(UpFixture.RepositoryRoot(), "topologies", "rollups.yaml"), Path.Combine(_dir, "rollups.yaml"));
        await File.WriteAllTextAsync(Path.Combine(_dir, "broken.yaml"), "topology: broken\nprocessors:\n  - name: x\n    type: nonsense\n");
        await using var admin = await AdminListener.StartAsync(AdminListener.Context(_dir));

        var list = (await Json(await admin.SendAsync(HttpMethod.Get, "/admin/topologies"))).GetProperty("topologies").EnumerateArray().ToList();
        using var one = await admin.SendAsync(HttpMethod.Get, "/admin/topologies/rollups");
        using var unknown = await admin.SendAsync(HttpMethod.Get, "/admin/topologies/nope");

        list.Should().HaveCount(2);
        list.Single(t => t.GetProperty("file").GetString() == "broken.yaml").GetProperty("error").GetString().Should().Contain("nonsense");
        var rollups = await Json(one);
        rollups.GetProperty("running").GetBoolean().Should().BeFalse("no application runs in this process");
        rollups.GetProperty("processors").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Should().Contain(["points", "rollup-1m", "rollup-1h-influx"]);
        rollups.GetProperty("edges").EnumerateArray().Should().Contain(e => e.GetProperty("from").GetString() == "rollup-1m" && e.GetProperty("to").GetString() == "rollup-1h");
        rollups.GetProperty("text").GetString().Should().StartWith("Topology: rollups");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/admin/status")]
    [InlineData("/admin/topologies")]
    [InlineData("/admin/topologies/rollups")]
    public async Task StatusAndTopologies_WithoutAnAdminKey_Answer401Or403AndShowNothing(string path)
    {
        File.Copy(Path.Combine(UpFixture.RepositoryRoot(), "topologies", "rollups.yaml"), Path.Combine(_dir, "rollups.yaml"));
        await using var admin = await AdminListener.StartAsync(AdminListener.Context(_dir));

        using var noKey = await admin.SendAsync(HttpMethod.Get, path, key: null);
        using var unknownKey = await admin.SendAsync(HttpMethod.Get, path, key: "msk_not-a-key");
        using var writeKey = await admin.SendAsync(HttpMethod.Get, path, key: "msk_test-write-key");
        using var adminKey = await admin.SendAsync(HttpMethod.Get, path);

        noKey.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        noKey.Headers.WwwAuthenticate.ToString().Should().Be("Token");
        (await Json(noKey)).GetProperty("code").GetString().Should().Be("unauthorized");
        unknownKey.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        writeKey.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await Json(writeKey)).GetProperty("code").GetString().Should().Be("forbidden");
        foreach (var refused in new[] { noKey, unknownKey, writeKey })
        {
            (await refused.Content.ReadAsStringAsync()).Should().NotContain("rollups").And.NotContain("127.0.0.1:1", "a refusal shows no topology or address");
        }

        adminKey.StatusCode.Should().Be(HttpStatusCode.OK, "the admin key may read it");
    }

    [Fact]
    public async Task TenantPolicies_WithNoEdgeInTheProcess_Answer501NamingTheEdgesEndpointAndNeedTheAdminKey()
    {
        await using var admin = await AdminListener.StartAsync();

        using var noEdge = await admin.SendAsync(HttpMethod.Put, "/admin/tenants/demo/policies", body: "{\"policies\":{}}");
        using var noKey = await admin.SendAsync(HttpMethod.Get, "/admin/tenants/demo/policies", key: null);
        using var writeKey = await admin.SendAsync(HttpMethod.Get, "/admin/tenants", key: "msk_test-write-key");
        using var list = await admin.SendAsync(HttpMethod.Get, "/admin/tenants");

        noEdge.StatusCode.Should().Be(HttpStatusCode.NotImplemented);
        (await Json(noEdge)).GetProperty("message").GetString().Should().Contain("no edge runs in this process");
        noKey.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        writeKey.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await Json(list)).GetProperty("tenants").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task KeyFileTenants_OfAKeyFile_AreItsTenantsOnceEachAndNoneForAMissingFile()
    {
        var file = Path.Combine(_dir, "api-keys");
        await MetricStream.Edge.Tenants.KeyStore.AddAsync(file, "acme");
        await MetricStream.Edge.Tenants.KeyStore.AddAsync(file, "acme");
        await MetricStream.Edge.Tenants.KeyStore.AddAsync(file, "ops", MetricStream.Edge.Tenants.KeyRole.Admin);
        await File.AppendAllTextAsync(file, "# a comment\n\n");

        MetricStream.Host.Admin.Tenants.KeyFileTenants.Read(file).Should().BeEquivalentTo(["acme", "ops"]);
        MetricStream.Host.Admin.Tenants.KeyFileTenants.Read(Path.Combine(_dir, "missing")).Should().BeEmpty();
        MetricStream.Host.Admin.Tenants.KeyFileTenants.Read(null).Should().BeEmpty();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
