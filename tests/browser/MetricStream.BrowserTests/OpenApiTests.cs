using System.Text.Json;
using MetricStream.BrowserTests.Support;
using MetricStream.Edge.Tenants;
using MetricStream.Host.Admin;
using MetricStream.Host.Admin.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricStream.BrowserTests;

/// <summary>The OpenAPI document: valid JSON served at a stable path, describing every route the admin listener maps.</summary>
[Collection(UpCollection.Name)]
public sealed class OpenApiTests(UpFixture up)
{
    [Fact]
    public async Task OpenApiDocument_ServedByUp_IsOpenApi3JsonWithEveryMappedRouteAndMethod()
    {
        using var http = new HttpClient { BaseAddress = up.Page };
        using var response = await http.GetAsync("openapi.json");
        response.IsSuccessStatusCode.Should().BeTrue();
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        document.RootElement.GetProperty("openapi").GetString().Should().StartWith("3.");
        document.RootElement.GetProperty("info").GetProperty("title").GetString().Should().NotBeNullOrEmpty();
        var documented = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}"))
            .ToHashSet(StringComparer.Ordinal);

        var mapped = await MappedRoutesAsync();

        mapped.Should().Contain(["GET /", "GET /api/live", "GET /metrics", "GET /admin/status", "GET /admin/topologies", "PUT /admin/tenants/{tenant}/policies", "PUT /admin/alert-rules/{id}", "GET /admin/alerts/firing"]);
        documented.Should().BeEquivalentTo(mapped, "the document describes exactly the routes the listener maps");
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                operation.Value.GetProperty("responses").EnumerateObject().Should().NotBeEmpty($"{operation.Name} {path.Name} documents its answers");
            }
        }
    }

    [Fact]
    public void OpenApiDocument_EveryAdminOperation_NeedsTheAdminKeyAndThePublicOnesDoNot()
    {
        using var document = JsonDocument.Parse(OpenApiDocument.Build("test").ToJsonString());
        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => (Route: $"{m.Name.ToUpperInvariant()} {p.Name}", Admin: p.Name.StartsWith("/admin/", StringComparison.Ordinal), Operation: m.Value)))
            .ToList();

        operations.Select(o => o.Route).Should().Contain(["GET /admin/status", "GET /admin/topologies", "GET /admin/topologies/{name}", "GET /api/live", "GET /metrics"]);
        foreach (var (route, admin, operation) in operations)
        {
            var secured = operation.TryGetProperty("security", out var security)
                && security.EnumerateArray().Any(s => s.TryGetProperty("adminKey", out _));
            secured.Should().Be(admin, $"{route}: everything under /admin/ needs the admin key, the rest is public");
            operation.GetProperty("responses").TryGetProperty("401", out _).Should().Be(admin, $"{route} documents the 401 exactly when it needs the key");
        }
    }

    [Fact]
    public void OpenApiDocument_SchemaReferences_AllResolve()
    {
        var text = OpenApiDocument.Build("test").ToJsonString();
        using var document = JsonDocument.Parse(text);
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas").EnumerateObject().Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var references = System.Text.RegularExpressions.Regex.Matches(text, "#/components/schemas/(\\w+)").Select(m => m.Groups[1].Value).Distinct().ToList();
        references.Should().NotBeEmpty();
        references.Should().OnlyContain(r => schemas.Contains(r));
    }

    /// <summary>The routes <see cref="AdminModules.For"/> maps for a process with every role's module, as "METHOD /path".</summary>
    private static async Task<HashSet<string>> MappedRoutesAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore(); // never started: the routes are read from the built application
        await using var app = builder.Build();
        var context = new AdminContext { BootstrapServers = "127.0.0.1:1", RegistryUrl = new Uri("http://127.0.0.1:1/"), Logs = NullLoggerFactory.Instance };
        foreach (var module in AdminModules.For(context))
        {
            module.Map(app, new AdminKeyCheck(KeyStore.FromKeys([])));
        }

        return ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is not null && !e.DisplayName!.Contains("Fallback", StringComparison.OrdinalIgnoreCase))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .ToHashSet(StringComparer.Ordinal);
    }

    private static string Normalize(string pattern) => "/" + pattern.TrimStart('/');
}
