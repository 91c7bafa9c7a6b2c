using System.Text.Json.Nodes;

namespace MetricStream.Host.Admin.OpenApi;

/// <summary>
/// The OpenAPI 3.0 document of the admin listener, written by hand next to the modules it describes (a test
/// checks that every mapped route is in it). Schemas are kept to the shapes clients rely on.
/// </summary>
internal static class OpenApiDocument
{
    /// <summary>Builds the document.</summary>
    /// <param name="version">The product version.</param>
    /// <returns>The document.</returns>
    public static JsonObject Build(string version)
    {
        var paths = new JsonObject();
        void Op(string method, string path, string tag, string summary, bool admin, JsonObject responses, JsonObject? body = null)
        {
            if (paths[path] is not JsonObject item)
            {
                item = [];
                paths[path] = item;
            }

            var op = new JsonObject { ["tags"] = new JsonArray(tag), ["summary"] = summary, ["operationId"] = method + path.Replace("/", "_", StringComparison.Ordinal).Replace("{", string.Empty, StringComparison.Ordinal).Replace("}", string.Empty, StringComparison.Ordinal).Replace(".", "_", StringComparison.Ordinal).Replace("-", "_", StringComparison.Ordinal) };
            var parameters = new JsonArray();
            foreach (var part in path.Split('/').Where(p => p.StartsWith('{')))
            {
                parameters.Add(new JsonObject { ["name"] = part.Trim('{', '}'), ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
            }

            if (parameters.Count > 0)
            {
                op["parameters"] = parameters;
            }

            if (body is not null)
            {
                op["requestBody"] = new JsonObject { ["required"] = true, ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = body } } };
            }

            if (admin)
            {
                op["security"] = new JsonArray(new JsonObject { ["adminKey"] = new JsonArray() });
                responses["401"] = Ref("missing or invalid API key", "Error");
                responses["403"] = Ref("not an admin key", "Error");
            }

            op["responses"] = responses;
            item[method] = op;
        }

        Op("get", "/", "page", "The operators' page (HTML)", false, new() { ["200"] = Text("the page", "text/html") });
        Op("get", "/page/{file}", "page", "A script, style sheet or icon of the page", false, new() { ["200"] = Text("the file", "text/javascript"), ["404"] = Ref("no such file", "Error") });
        Op("get", "/api/live", "live", "Server-sent events, one JSON frame per second: edge per-tenant rates, topologies, lag, sink", false, new() { ["200"] = Text("text/event-stream of `data: {frame}` events", "text/event-stream") });
        Op("get", "/metrics", "observability", "Every in-process role's metrics, Prometheus text format 0.0.4 (names: docs/METRICS.md)", false, new() { ["200"] = Text("exposition text", "text/plain") });
        Op("get", "/openapi.json", "meta", "This document", false, new() { ["200"] = Json("OpenAPI 3.0 document", new JsonObject { ["type"] = "object" }) });
        Op("get", "/admin/status", "status", "Roles in this process, version, readiness", true, new() { ["200"] = Json("status", Schema("Status")) });
        Op("get", "/admin/topologies", "topologies", "Every loaded topology as a graph", true, new() { ["200"] = Json("topologies", Object(("topologies", Array(Schema("Topology"))))) });
        Op("get", "/admin/topologies/{name}", "topologies", "One topology", true, new() { ["200"] = Json("the topology", Schema("Topology")), ["404"] = Ref("not loaded here", "Error") });
        Op("get", "/admin/tenants", "tenants", "Tenants seen by the edge here or with policies set", true, new() { ["200"] = Json("tenants", Object(("tenants", Array(Object(("tenant", Str()), ("ownPolicies", Bool())))))) });
        foreach (var method in new[] { "get", "put" })
        {
            var responses = new JsonObject { ["200"] = Json("the tenant's policies", Schema("TenantPolicies")), ["501"] = Ref("no edge in this process", "Error") };
            if (method == "put")
            {
                responses["400"] = Json("invalid; nothing changed", Schema("PolicyProblems"));
            }

            Op(method, "/admin/tenants/{tenant}/policies", "tenants", method == "get" ? "A tenant's admission policies" : "Replace a tenant's admission policies", true, responses, method == "put" ? Object(("policies", Schema("Policies"))) : null);
        }

        Op("delete", "/admin/tenants/{tenant}/policies", "tenants", "Return a tenant to the default policies", true, new() { ["204"] = new JsonObject { ["description"] = "reset" }, ["501"] = Ref("no edge in this process", "Error") });
        Op("get", "/admin/alert-rules", "alert rules", "The effective alert rules (YAML overlaid by the alert-rules topic)", true, new() { ["200"] = Json("rules", Object(("rules", Array(Schema("AlertRule"))))) });
        Op("get", "/admin/alert-rules/{id}", "alert rules", "One alert rule", true, new() { ["200"] = Json("the rule", Schema("AlertRule")), ["404"] = Ref("unknown id", "Error") });
        Op("put", "/admin/alert-rules/{id}", "alert rules", "Create or replace a rule (written to the compacted alert-rules topic)", true, new() { ["200"] = Json("the rule", Schema("AlertRule")), ["400"] = Json("invalid; nothing written", Schema("RuleProblems")) }, Schema("AlertRule"));
        Op("delete", "/admin/alert-rules/{id}", "alert rules", "Delete an API rule (tombstone)", true, new() { ["204"] = new JsonObject { ["description"] = "deleted" }, ["404"] = Ref("unknown id", "Error"), ["409"] = Ref("defined only in a YAML file", "Error") });
        Op("get", "/admin/alerts/firing", "alert rules", "Alerts firing in this process's applications", true, new() { ["200"] = Json("firing alerts", Object(("alerts", Array(Schema("FiringAlert"))))) });

        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject { ["title"] = "MetricStream admin API", ["version"] = version, ["description"] = "The admin listener of every metricstream role (`up`: port base + 2). Everything under `/admin/` needs an admin key: `Authorization: Token <key>`; the page, `/api/live`, `/metrics` and this document are public." },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["securitySchemes"] = new JsonObject { ["adminKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "Authorization", ["description"] = "`Token <admin key>` (or `Bearer <admin key>`); keys of role admin from the API key file" } }, ["schemas"] = OpenApiSchemas.Build() },
        };
    }

    internal static JsonObject Schema(string name) => new() { ["$ref"] = "#/components/schemas/" + name };

    internal static JsonObject Str() => new() { ["type"] = "string" };

    internal static JsonObject Bool() => new() { ["type"] = "boolean" };

    internal static JsonObject Array(JsonObject items) => new() { ["type"] = "array", ["items"] = items };

    internal static JsonObject Object(params (string Name, JsonObject Schema)[] properties)
    {
        var props = new JsonObject();
        foreach (var (name, schema) in properties)
        {
            props[name] = schema;
        }

        return new JsonObject { ["type"] = "object", ["properties"] = props };
    }

    private static JsonObject Json(string description, JsonObject schema) =>
        new() { ["description"] = description, ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schema } } };

    private static JsonObject Ref(string description, string schema) => Json(description, Schema(schema));

    private static JsonObject Text(string description, string type) =>
        new() { ["description"] = description, ["content"] = new JsonObject { [type] = new JsonObject { ["schema"] = Str() } } };
}
