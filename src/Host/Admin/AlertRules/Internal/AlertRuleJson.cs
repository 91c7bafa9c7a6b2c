using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MetricStream.Processing.Aggregation;
using MetricStream.Processing.Alerts;
using MetricStream.Processing.Windows;

namespace MetricStream.Host.Admin.AlertRules.Internal;

/// <summary>
/// Alert rules and firing alerts as the admin API's JSON: the rule format's field names (docs/TOPOLOGIES.md),
/// durations as duration strings (<c>5m</c>), numbers as JSON numbers. Defaults (<c>for: 0s</c>) are left out.
/// </summary>
internal static class AlertRuleJson
{
    /// <summary>Writes <c>&gt;</c> and <c>&lt;</c> of operators as they are (responses are JSON, never embedded in HTML).</summary>
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject Rule(AlertRule rule, string source, string? topology)
    {
        var json = new JsonObject { ["id"] = rule.Id, ["select"] = Select(rule.Select) };
        if (rule.Condition is WindowCondition)
        {
            json["aggregate"] = Aggregates.Name(rule.Aggregate);
        }

        json[rule.Condition.Kind] = Condition(rule.Condition);
        json["labels"] = Pairs(rule.Labels);
        json["annotations"] = Pairs(rule.Annotations);
        json["source"] = source;
        if (topology is not null)
        {
            json["topology"] = topology;
        }

        return json;
    }

    public static JsonObject Firing(FiringAlert alert, string application) => new()
    {
        ["rule"] = alert.RuleId,
        ["series"] = alert.SeriesKey,
        ["tenant"] = alert.Tenant,
        ["tags"] = Pairs(alert.Tags),
        ["since"] = alert.Since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["value"] = Number(alert.Value),
        ["labels"] = Pairs(alert.Labels),
        ["annotations"] = Pairs(alert.Annotations),
        ["application"] = application,
    };

    private static JsonObject Select(SeriesSelector select)
    {
        var json = new JsonObject();
        if (select.Tenants.Count == 1)
        {
            json["tenant"] = select.Tenants[0];
        }
        else if (select.Tenants.Count > 1)
        {
            json["tenant"] = new JsonArray([.. select.Tenants.Select(t => (JsonNode)t)]);
        }

        Put(json, "measurement", select.Measurement);
        Put(json, "field", select.Field);
        if (select.Tags.Count > 0)
        {
            var tags = new JsonObject();
            foreach (var tag in select.Tags)
            {
                tags[tag.Key] = tag.Kind switch
                {
                    TagMatchKind.Equals => tag.Value,
                    TagMatchKind.NotEquals => new JsonObject { ["not"] = tag.Value },
                    _ => new JsonObject { ["regex"] = tag.Value },
                };
            }

            json["tags"] = tags;
        }

        return json;
    }

    private static JsonObject Condition(AlertCondition condition)
    {
        switch (condition)
        {
            case AbsenceCondition absence:
                var json = new JsonObject { ["for"] = Durations.Format(absence.For) };
                Put(json, "expire_after", absence.ExpireAfter is { } e ? Durations.Format(e) : null);
                return json;
            case SequenceCondition sequence:
                return new JsonObject
                {
                    ["on"] = sequence.Scope == SequenceScope.Host ? "host" : "series",
                    ["within"] = Durations.Format(sequence.Within),
                    ["first"] = Step(sequence.First),
                    ["then"] = Step(sequence.Then),
                };
            case WindowCondition window:
                var (op, value) = window switch
                {
                    ThresholdCondition t => (t.Operator, t.Value),
                    NOfMCondition n => (n.Operator, n.Value),
                    RateOfChangeCondition r => (r.Operator, r.ValuePerSecond),
                    _ => throw new ArgumentException($"unknown condition {window.Kind}", nameof(condition)),
                };
                var result = new JsonObject { ["op"] = Comparisons.Symbol(op), ["value"] = Number(value) };
                if (window is NOfMCondition nOfM)
                {
                    result["n"] = nOfM.N;
                    result["m"] = nOfM.M;
                }

                if (window is RateOfChangeCondition rate)
                {
                    result["over"] = Durations.Format(rate.Over);
                }

                Put(result, "for", window.For > TimeSpan.Zero ? Durations.Format(window.For) : null);
                Put(result, "keep_firing_for", window.KeepFiringFor > TimeSpan.Zero ? Durations.Format(window.KeepFiringFor) : null);
                return result;
            default:
                throw new ArgumentException($"unknown condition {condition.Kind}", nameof(condition));
        }
    }

    private static JsonObject Step(SequenceStep step)
    {
        var json = new JsonObject
        {
            ["measurement"] = step.Measurement,
            ["field"] = step.Field,
            ["aggregate"] = Aggregates.Name(step.Aggregate),
            ["op"] = Comparisons.Symbol(step.Operator),
            ["value"] = Number(step.Value),
        };
        Put(json, "for", step.For > TimeSpan.Zero ? Durations.Format(step.For) : null);
        return json;
    }

    private static JsonObject Pairs(IReadOnlyDictionary<string, string> pairs)
    {
        var json = new JsonObject();
        foreach (var (key, value) in pairs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json[key] = value;
        }

        return json;
    }

    private static JsonValue? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    private static void Put(JsonObject json, string key, string? value)
    {
        if (value is not null)
        {
            json[key] = value;
        }
    }
}
