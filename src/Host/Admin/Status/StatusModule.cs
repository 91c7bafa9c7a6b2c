using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MetricStream.Host.Admin.Status;

/// <summary>
/// <c>GET /admin/status</c>: the roles in this process, the version and whether it is ready, as
/// <c>{"version","ready","time","kafka":{"bootstrapServers"},"registry":{"url"},"roles":[{"role","ready",...}]}</c>.
/// A role that runs elsewhere is absent. <c>ready</c> is true when every role here is ready (the edge: not
/// draining and Kafka reachable). Read-only; like everything under <c>/admin/</c> it needs the admin key
/// (<see cref="AdminKeyCheck"/>, ADR 007). Unauthenticated readiness probes use the edge's <c>/readyz</c>.
/// </summary>
/// <param name="context">The roles in this process.</param>
internal sealed class StatusModule(AdminContext context) : IAdminModule
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The product version (the executable's informational version).</summary>
    public static string Version { get; } =
        typeof(StatusModule).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <inheritdoc />
    public void Map(IEndpointRouteBuilder endpoints, AdminKeyCheck auth)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(auth);
        endpoints.MapGet("/admin/status", async http =>
        {
            if (await auth.RequireAdminAsync(http).ConfigureAwait(false) is null)
            {
                return;
            }

            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(JsonSerializer.Serialize(Build(), Json), http.RequestAborted).ConfigureAwait(false);
        });
    }

    private Dictionary<string, object?> Build()
    {
        var roles = new List<Dictionary<string, object?>>();
        if (context.Edge is { } edge)
        {
            roles.Add(new() { ["role"] = "edge", ["ready"] = edge.IsReady, ["url"] = edge.Url.ToString().TrimEnd('/'), ["partitions"] = edge.PartitionCount });
        }

        if (context.Applications.Count > 0)
        {
            roles.Add(new()
            {
                ["role"] = "process",
                ["ready"] = true,
                ["topologies"] = context.TopologiesDirectory,
                ["applications"] = context.Applications.Select(a => new Dictionary<string, object?>
                {
                    ["id"] = a.ApplicationId,
                    ["assignedPartitions"] = a.AssignedPartitions,
                    ["commits"] = a.Commits,
                    ["pauses"] = a.Pauses,
                    ["changelog"] = a.UsesChangelog,
                }).ToList(),
            });
        }

        if (context.Sinks is { } sinks)
        {
            roles.Add(new() { ["role"] = "sink", ["ready"] = true, ["providers"] = sinks.Providers.Keys.Order(StringComparer.Ordinal).ToList() });
        }

        return new()
        {
            ["version"] = Version,
            ["ready"] = roles.All(r => r["ready"] is true),
            ["time"] = context.Time.GetUtcNow(),
            ["kafka"] = new Dictionary<string, object?> { ["bootstrapServers"] = context.BootstrapServers },
            ["registry"] = new Dictionary<string, object?> { ["url"] = context.RegistryUrl.ToString().TrimEnd('/') },
            ["roles"] = roles,
        };
    }
}
