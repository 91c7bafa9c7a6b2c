using System.Text.Json.Nodes;
using static MetricStream.Host.Admin.OpenApi.OpenApiDocument;

namespace MetricStream.Host.Admin.OpenApi;

/// <summary>The component schemas of <see cref="OpenApiDocument"/>.</summary>
internal static class OpenApiSchemas
{
    /// <summary>Builds <c>components.schemas</c>.</summary>
    /// <returns>The schemas by name.</returns>
    public static JsonObject Build()
    {
        var number = new JsonObject { ["type"] = "number" };
        var integer = new JsonObject { ["type"] = "integer" };
        var map = new JsonObject { ["type"] = "object", ["additionalProperties"] = Str() };
        return new JsonObject
        {
            ["Error"] = Object(("code", Str()), ("message", Str())),
            ["Status"] = Object(
                ("version", Str()),
                ("ready", Bool()),
                ("time", Str()),
                ("kafka", Object(("bootstrapServers", Str()))),
                ("registry", Object(("url", Str()))),
                ("roles", Array(Object(("role", Str()), ("ready", Bool()))))),
            ["Topology"] = Object(
                ("name", Str()),
                ("file", Str()),
                ("running", Bool()),
                ("processors", Array(Object(("name", Str()), ("type", Str()), ("settings", Str()), ("inputs", Array(Str())), ("late", Str()), ("target", Str())))),
                ("edges", Array(Object(("from", Str()), ("to", Str()), ("case", Str())))),
                ("text", Str())),
            ["Policies"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "Policy name to settings, e.g. {\"token-bucket\":{\"pointsPerSecond\":1000,\"burst\":5000}}; known: max-body, new-series, token-bucket",
                ["additionalProperties"] = new JsonObject { ["type"] = "object" },
            },
            ["TenantPolicies"] = Object(("tenant", Str()), ("default", Bool()), ("policies", Schema("Policies"))),
            ["PolicyProblems"] = Object(("code", Str()), ("message", Str()), ("problems", Array(Str()))),
            ["AlertRule"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "Field names as in the YAML rule format (docs/TOPOLOGIES.md): select, aggregate, one of threshold | n_of_m | rate_of_change | absence | sequence, labels, annotations",
                ["properties"] = new JsonObject
                {
                    ["id"] = Str(),
                    ["select"] = new JsonObject { ["type"] = "object" },
                    ["aggregate"] = Str(),
                    ["threshold"] = new JsonObject { ["type"] = "object" },
                    ["labels"] = map.DeepClone(),
                    ["annotations"] = map.DeepClone(),
                    ["source"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("yaml", "api") },
                },
            },
            ["RuleProblems"] = Object(("code", Str()), ("message", Str()), ("problems", Array(Object(("field", Str()), ("message", Str()))))),
            ["FiringAlert"] = Object(("rule", Str()), ("series", Str()), ("tenant", Str()), ("tags", (JsonObject)map.DeepClone()), ("since", Str()), ("value", number), ("application", Str())),
            ["LiveFrame"] = Object(("time", Str()), ("seq", integer), ("edge", new JsonObject { ["type"] = "object" }), ("topologies", Array(new JsonObject { ["type"] = "object" })), ("sink", new JsonObject { ["type"] = "object" })),
        };
    }
}
