using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MetricStream.Processing.Alerts;

namespace MetricStream.Host.Admin.AlertRules.Internal;

/// <summary>A field-level problem of a rule body: <see cref="Field"/> is a dotted path into the JSON ("" = the whole body).</summary>
/// <param name="Field">E.g. <c>threshold.value</c>.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
internal sealed record RuleProblem(string Field, string Message);

/// <summary>A valid rule body: the rule, the definition to store (compact JSON) and the record's tenant.</summary>
internal sealed record ValidRule(AlertRule Rule, string Definition, string Tenant);

/// <summary>
/// Validates a <c>PUT /admin/alert-rules/{id}</c> body with the same reader as YAML rule files
/// (<see cref="AlertRuleLoader.ParseDefinition"/>), so the API accepts exactly what a file accepts, and turns
/// the reader's paths (<c>rules[cpu-high].threshold.value</c>) into JSON paths (<c>threshold.value</c>).
/// </summary>
internal static partial class AlertRuleBody
{
    /// <summary>Fields the API adds to the rules it returns; ignored in bodies, so a GET can be PUT back.</summary>
    private static readonly string[] OutputOnly = ["source", "topology"];

    public static (ValidRule? Rule, IReadOnlyList<RuleProblem> Problems) Parse(string body, string id)
    {
        JsonObject json;
        try
        {
            if (JsonNode.Parse(body) is not JsonObject parsed)
            {
                return (null, [new RuleProblem(string.Empty, "the body must be a JSON object: the rule, e.g. {\"select\":{...},\"aggregate\":\"p95\",\"threshold\":{...}}.")]);
            }

            json = parsed;
        }
        catch (JsonException ex)
        {
            return (null, [new RuleProblem(string.Empty, $"the body is not JSON: {ex.Message}")]);
        }

        foreach (var key in OutputOnly)
        {
            json.Remove(key);
        }

        // Compact JSON is YAML (a flow mapping): the rule reader reads it as it reads a file's rule.
        var definition = json.ToJsonString(AlertRuleJson.Options);
        var (rule, issues) = AlertRuleLoader.ParseDefinition(definition, id);
        if (rule is null)
        {
            var problems = issues.Select(i => new RuleProblem(JsonPath(i.Key), $"{i.Message} {i.Fix}".Trim())).ToList();
            return (null, problems.Count > 0 ? problems : [new RuleProblem(string.Empty, "not a valid rule.")]);
        }

        return rule.Select.Tenants.Count switch
        {
            0 => (new ValidRule(rule, definition, AlertRuleTable.AnyTenant), []),
            1 => (new ValidRule(rule, definition, rule.Select.Tenants[0]), []),
            _ => (null, [new RuleProblem("select.tenant", "a rule written through the API belongs to one tenant. Write one tenant, or none for every tenant.")]),
        };
    }

    /// <summary><c>rules[x].threshold.value</c> -> <c>threshold.value</c>; <c>rules[x]</c> and <c>definition</c> -> "".</summary>
    private static string JsonPath(string? key) => key is null || key == "definition" ? string.Empty : RulePrefix().Replace(key, string.Empty);

    [GeneratedRegex(@"^rules\[[^\]]*\]\.?")]
    private static partial Regex RulePrefix();
}
