using System.Text.Json;
using MetricStream.Host.Admin.Topologies.Internal;
using MetricStream.Processing.Topology;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MetricStream.Host.Admin.Topologies;

/// <summary>
/// Read-only views of the loaded topologies (the <c>*.yaml</c>/<c>*.yml</c> files of
/// <see cref="AdminContext.TopologiesDirectory"/>, read once when the listener starts, as the processing role
/// read them): <c>GET /admin/topologies</c> answers <c>{"topologies":[graph, ...]}</c> and
/// <c>GET /admin/topologies/{name}</c> one graph or 404. A graph is
/// <c>{"name","file","running","processors":[{"name","type","settings","inputs","late","target"}],"edges":[{"from","to","case"}],"text"}</c>
/// where <c>text</c> is what <c>metricstream topology describe</c> prints. A file that does not load is listed as
/// <c>{"file","error"}</c>. Like everything under <c>/admin/</c>, both need the admin key (<see cref="AdminKeyCheck"/>).
/// </summary>
/// <param name="context">Where the topologies are and which applications run.</param>
internal sealed class TopologiesModule(AdminContext context) : IAdminModule
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private List<Dictionary<string, object?>> _graphs = [];

    /// <inheritdoc />
    public void Map(IEndpointRouteBuilder endpoints, AdminKeyCheck auth)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(auth);
        _graphs = Load();
        endpoints.MapGet("/admin/topologies", async http =>
        {
            if (await auth.RequireAdminAsync(http).ConfigureAwait(false) is not null)
            {
                await WriteAsync(http, new Dictionary<string, object?> { ["topologies"] = _graphs }).ConfigureAwait(false);
            }
        });
        endpoints.MapGet("/admin/topologies/{name}", async http =>
        {
            if (await auth.RequireAdminAsync(http).ConfigureAwait(false) is null)
            {
                return;
            }

            var name = http.Request.RouteValues["name"] as string;
            var graph = _graphs.FirstOrDefault(g => g.TryGetValue("name", out var n) && string.Equals(n as string, name, StringComparison.Ordinal));
            await (graph is null
                ? AdminKeyCheck.ErrorAsync(http, StatusCodes.Status404NotFound, "not found", $"no topology named '{name}' is loaded here")
                : WriteAsync(http, graph)).ConfigureAwait(false);
        });
    }

    private static Task WriteAsync(HttpContext http, object body)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, Json), http.RequestAborted);
    }

    private List<Dictionary<string, object?>> Load()
    {
        if (context.TopologiesDirectory is not { } directory || !Directory.Exists(directory))
        {
            return [];
        }

        var running = context.Applications.Select(a => a.ApplicationId).ToHashSet(StringComparer.Ordinal);
        var graphs = new List<Dictionary<string, object?>>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml").Concat(Directory.EnumerateFiles(directory, "*.yml")).Order(StringComparer.Ordinal))
        {
            try
            {
                var topology = TopologyLoader.LoadFile(file);
                graphs.Add(TopologyGraph.ToJson(topology, Path.GetFileName(file), running.Contains(topology.Name)));
            }
            catch (Exception ex) when (ex is TopologyValidationException or IOException or UnauthorizedAccessException)
            {
                graphs.Add(new() { ["file"] = Path.GetFileName(file), ["error"] = ex.Message });
            }
        }

        return graphs;
    }
}
