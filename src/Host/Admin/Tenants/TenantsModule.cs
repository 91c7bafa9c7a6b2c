using System.Collections.Concurrent;
using System.Text.Json;
using MetricStream.Edge.Admission;
using MetricStream.Edge.Tenants;
using MetricStream.Host.Admin.Live.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MetricStream.Host.Admin.Tenants;

/// <summary>
/// Tenants and their admission policies on the admin listener, admin key required:
/// <list type="bullet">
/// <item><c>GET /admin/tenants</c>: <c>{"tenants":[{"tenant","ownPolicies"}]}</c>, the tenants the edge in this
/// process has seen (its per-tenant counters), those with policies set here, and <paramref name="knownTenants"/>
/// (e.g. the tenants of the API key file), sorted.</item>
/// <item><c>GET|PUT|DELETE /admin/tenants/{tenant}/policies</c>: exactly the edge's own endpoint (same JSON shapes,
/// same 400 <c>{"code":"invalid","message","problems":["token-bucket: burst must be at least 1", ...]}</c>),
/// delegating to <see cref="Edge.EdgeServer.Policies"/>; changes take effect at once and persist in the edge's
/// policies file. 501 with a message naming the edge's own endpoint when no edge runs in this process.</item>
/// </list>
/// </summary>
/// <param name="context">The roles in this process.</param>
/// <param name="knownTenants">More tenants to list (read at each request); null for none.</param>
internal sealed class TenantsModule(AdminContext context, Func<IEnumerable<string>>? knownTenants = null) : IAdminModule
{
    private const long MaxBody = 64 * 1024;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, byte> _edited = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public void Map(IEndpointRouteBuilder endpoints, AdminKeyCheck auth)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(auth);
        endpoints.MapGet("/admin/tenants", async http =>
        {
            if (await auth.RequireAdminAsync(http).ConfigureAwait(false) is not null)
            {
                await WriteAsync(http, StatusCodes.Status200OK, new Dictionary<string, object> { ["tenants"] = List() }).ConfigureAwait(false);
            }
        });
        endpoints.MapMethods("/admin/tenants/{tenant}/policies", ["GET", "PUT", "DELETE"], async http =>
        {
            if (await auth.RequireAdminAsync(http).ConfigureAwait(false) is not null)
            {
                await PoliciesAsync(http).ConfigureAwait(false);
            }
        });
    }

    private List<Dictionary<string, object>> List()
    {
        var names = new SortedSet<string>(_edited.Keys, StringComparer.Ordinal);
        if (knownTenants is not null)
        {
            names.UnionWith(knownTenants());
        }

        if (context.Edge is { } edge)
        {
            names.UnionWith(PrometheusText.Parse(edge.Metrics.Registry.Render())
                .Where(s => s.Name.StartsWith("edge_points_", StringComparison.Ordinal) && s.Labels.ContainsKey("tenant"))
                .Select(s => s.Label("tenant")));
        }

        return names.Where(KeyStore.IsValidTenant).Select(t => new Dictionary<string, object>
        {
            ["tenant"] = t,
            ["ownPolicies"] = context.Edge is { } e && !e.Policies.Get(t).IsDefault,
        }).ToList();
    }

    private async Task PoliciesAsync(HttpContext http)
    {
        if (context.Edge is not { } edge)
        {
            await AdminKeyCheck.ErrorAsync(
                http,
                StatusCodes.Status501NotImplemented,
                "no edge",
                "no edge runs in this process: change tenant policies on the edge's own /admin/tenants/{tenant}/policies").ConfigureAwait(false);
            return;
        }

        var tenant = http.Request.RouteValues["tenant"] as string;
        if (!KeyStore.IsValidTenant(tenant))
        {
            await AdminKeyCheck.ErrorAsync(http, StatusCodes.Status400BadRequest, "invalid", "invalid tenant name").ConfigureAwait(false);
            return;
        }

        switch (http.Request.Method)
        {
            case "GET":
                await WritePoliciesAsync(http, tenant!, edge.Policies.Get(tenant!)).ConfigureAwait(false);
                break;
            case "PUT":
                await PutAsync(http, edge.Policies, tenant!).ConfigureAwait(false);
                break;
            default:
                edge.Policies.Reset(tenant!);
                _edited.TryRemove(tenant!, out _);
                http.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
        }
    }

    private async Task PutAsync(HttpContext http, TenantPolicyStore store, string tenant)
    {
        // Read at most MaxBody + 1 bytes whatever Content-Length says (chunked bodies have none).
        using var body = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await http.Request.Body.ReadAsync(buffer, http.RequestAborted).ConfigureAwait(false)) > 0 && body.Length <= MaxBody)
        {
            body.Write(buffer, 0, read);
        }

        if (body.Length > MaxBody)
        {
            await AdminKeyCheck.ErrorAsync(http, StatusCodes.Status413PayloadTooLarge, "request too large", $"the body is larger than {MaxBody} bytes").ConfigureAwait(false);
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.GetBuffer().AsMemory(0, (int)body.Length));
        }
        catch (JsonException ex)
        {
            await AdminKeyCheck.ErrorAsync(http, StatusCodes.Status400BadRequest, "invalid", "invalid JSON: " + ex.Message).ConfigureAwait(false);
            return;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("policies", out var policies))
            {
                await AdminKeyCheck.ErrorAsync(http, StatusCodes.Status400BadRequest, "invalid", "expected { \"policies\": { \"<name>\": { settings } } }").ConfigureAwait(false);
                return;
            }

            try
            {
                var set = store.Set(tenant, policies);
                _edited[tenant] = 0;
                await WritePoliciesAsync(http, tenant, set).ConfigureAwait(false);
            }
            catch (PolicyValidationException ex)
            {
                await WriteAsync(http, StatusCodes.Status400BadRequest, new Dictionary<string, object>
                {
                    ["code"] = "invalid",
                    ["message"] = ex.Message,
                    ["problems"] = ex.Problems,
                }).ConfigureAwait(false);
            }
        }
    }

    private static Task WritePoliciesAsync(HttpContext http, string tenant, TenantPolicies policies) =>
        WriteAsync(http, StatusCodes.Status200OK, new Dictionary<string, object>
        {
            ["tenant"] = tenant,
            ["default"] = policies.IsDefault,
            ["policies"] = AdmissionPolicyRegistry.ToJson(policies.Settings),
        });

    private static Task WriteAsync(HttpContext http, int status, object body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, Json), http.RequestAborted);
    }
}
