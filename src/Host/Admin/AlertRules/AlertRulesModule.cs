using System.Text.Json.Nodes;
using MetricStream.Edge.Tenants;
using MetricStream.Host.Admin.AlertRules.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MetricStream.Host.Admin.AlertRules;

/// <summary>
/// Alert rules at run time (contract: /work/notes/s3/api-alert-rules.md, format: docs/TOPOLOGIES.md "alert"):
/// <c>GET /admin/alert-rules</c>, <c>GET|PUT|DELETE /admin/alert-rules/{id}</c> and <c>GET /admin/alerts/firing</c>,
/// all behind the admin key. Rules put here go to the compacted topic <c>alert-rules</c>, which every alert
/// processor with <c>rules_topic: alert-rules</c> follows, so a change is live in every instance without a restart.
/// A body is validated by the rule files' reader; problems name JSON paths (<c>threshold.value</c>) and nothing is written.
/// </summary>
/// <param name="context">The process's roles: Kafka and the registry for the topic, the topologies directory for
/// the YAML rules, the streams applications for the firing alerts.</param>
internal sealed class AlertRulesModule(AdminContext context) : IAdminModule, IAsyncDisposable
{
    private readonly AlertRuleStore _store = new(context);

    /// <inheritdoc />
    public void Map(IEndpointRouteBuilder endpoints, AdminKeyCheck auth)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(auth);
        endpoints.MapGet("/admin/alert-rules", context => Guarded(context, auth, _ => ListAsync(context)));
        endpoints.MapGet("/admin/alert-rules/{id}", context => Guarded(context, auth, _ => GetAsync(context, Id(context))));
        endpoints.MapPut("/admin/alert-rules/{id}", context => Guarded(context, auth, caller => PutAsync(context, Id(context), caller)));
        endpoints.MapDelete("/admin/alert-rules/{id}", context => Guarded(context, auth, _ => DeleteAsync(context, Id(context))));
        endpoints.MapGet("/admin/alerts/firing", context => Guarded(context, auth, _ => FiringAsync(context), needsTopic: false));
        endpoints.ServiceProvider.GetService<IHostApplicationLifetime>()?.ApplicationStopped.Register(() => DisposeAsync().AsTask().GetAwaiter().GetResult());
    }

    /// <summary>Stops following the topic and closes the producer (the listener does this when it stops).</summary>
    /// <returns>Completes when closed.</returns>
    public ValueTask DisposeAsync() => _store.DisposeAsync();

    private async Task Guarded(HttpContext http, AdminKeyCheck auth, Func<ApiKeyIdentity, Task> handle, bool needsTopic = true)
    {
        if (await auth.RequireAdminAsync(http).ConfigureAwait(false) is not { } caller)
        {
            return;
        }

        if (needsTopic)
        {
            try
            {
                await _store.EnsureStartedAsync(http.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or Confluent.Kafka.KafkaException or SchemaRegistry.Client.SchemaRegistryException)
            {
                await AdminKeyCheck.ErrorAsync(http, StatusCodes.Status503ServiceUnavailable, "unavailable", $"the alert-rules topic cannot be read: {ex.Message}").ConfigureAwait(false);
                return;
            }
        }

        try
        {
            await handle(caller).ConfigureAwait(false);
        }
        catch (Confluent.Kafka.KafkaException ex) when (!http.Response.HasStarted)
        {
            await AdminKeyCheck.ErrorAsync(http, StatusCodes.Status503ServiceUnavailable, "unavailable", $"the alert-rules topic cannot be written: {ex.Message}; the change may not be saved, retry it").ConfigureAwait(false);
        }
    }

    private Task ListAsync(HttpContext http) =>
        WriteAsync(http, StatusCodes.Status200OK, new JsonObject { ["rules"] = new JsonArray([.. Effective().Values.OrderBy(r => (string)r["id"]!, StringComparer.Ordinal)]) });

    private Task GetAsync(HttpContext http, string id) => Effective().TryGetValue(id, out var rule)
        ? WriteAsync(http, StatusCodes.Status200OK, rule)
        : AdminKeyCheck.ErrorAsync(http, StatusCodes.Status404NotFound, "not found", $"no alert rule '{id}'");

    private async Task PutAsync(HttpContext http, string id, ApiKeyIdentity caller)
    {
        string body;
        using (var reader = new StreamReader(http.Request.Body))
        {
            body = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
        }

        var (rule, problems) = AlertRuleBody.Parse(body, id);
        if (rule is null)
        {
            var json = new JsonObject
            {
                ["code"] = "invalid",
                ["message"] = $"alert rule '{id}' is not valid: {problems.Count} problem(s); nothing was saved",
                ["problems"] = new JsonArray([.. problems.Select(p => (JsonNode)new JsonObject { ["field"] = p.Field, ["message"] = p.Message })]),
            };
            await WriteAsync(http, StatusCodes.Status400BadRequest, json).ConfigureAwait(false);
            return;
        }

        var stored = await _store.PutAsync(id, rule, $"admin key of tenant {caller.Tenant}", http.RequestAborted).ConfigureAwait(false);
        await WriteAsync(http, StatusCodes.Status200OK, AlertRuleJson.Rule(stored.Rule ?? rule.Rule, "api", null)).ConfigureAwait(false);
    }

    private async Task DeleteAsync(HttpContext http, string id)
    {
        if (!_store.ApiRules().ContainsKey(id))
        {
            var yaml = YamlAlertRules.Read(context.TopologiesDirectory).Any(r => r.Rule.Id == id);
            await (yaml
                ? AdminKeyCheck.ErrorAsync(http, StatusCodes.Status409Conflict, "yaml-rule", $"alert rule '{id}' is defined in a topology file under {context.TopologiesDirectory}; edit the file")
                : AdminKeyCheck.ErrorAsync(http, StatusCodes.Status404NotFound, "not found", $"no alert rule '{id}'")).ConfigureAwait(false);
            return;
        }

        await _store.DeleteAsync(id, http.RequestAborted).ConfigureAwait(false);
        http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private Task FiringAsync(HttpContext http)
    {
        var alerts = context.Applications.SelectMany(app => app.AlertActivity.Firing().Select(alert => (JsonNode)AlertRuleJson.Firing(alert, app.ApplicationId)));
        return WriteAsync(http, StatusCodes.Status200OK, new JsonObject { ["alerts"] = new JsonArray([.. alerts]) });
    }

    /// <summary>The rules in effect by id: the YAML files' inline rules, overridden by the topic's (as the engine does).</summary>
    private Dictionary<string, JsonObject> Effective()
    {
        var rules = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (rule, topology) in YamlAlertRules.Read(context.TopologiesDirectory))
        {
            rules.TryAdd(rule.Id, AlertRuleJson.Rule(rule, "yaml", topology));
        }

        foreach (var (id, stored) in _store.ApiRules())
        {
            if (stored.Rule is { } rule)
            {
                rules[id] = AlertRuleJson.Rule(rule, "api", null);
            }
        }

        return rules;
    }

    private static string Id(HttpContext http) => (string)http.Request.RouteValues["id"]!;

    private static Task WriteAsync(HttpContext http, int status, JsonNode json)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(json.ToJsonString(AlertRuleJson.Options), http.RequestAborted);
    }
}
