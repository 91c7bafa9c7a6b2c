using YamlDotNet.RepresentationModel;

namespace MetricStream.Processing.Alerts.Internal;

/// <summary>Reads a <c>sequence:</c> condition and its two steps.</summary>
internal static class SequenceReader
{
    private static readonly string[] StepKeys = ["measurement", "field", "aggregate", "op", "value", "for"];

    public static SequenceCondition? Read(YamlRuleReader reader, YamlMappingNode map, string path)
    {
        reader.CheckKeys(map, ["on", "within", "first", "then"], path);
        var scope = SequenceScope.Series;
        if (reader.Scalar(map, "on", path, required: false) is { } on)
        {
            if (on == "host")
            {
                scope = SequenceScope.Host;
            }
            else if (on != "series")
            {
                reader.Add($"{path}.on", YamlRuleReader.Child(map, "on")!, $"unknown sequence scope '{on}'.", "use 'on: series' (same series) or 'on: host' (same host tag).");
            }
        }

        var within = reader.Duration(map, "within", path, required: true, positive: true);
        var first = Step(reader, map, "first", path);
        var then = Step(reader, map, "then", path);
        return first is null || then is null || within is null ? null : new SequenceCondition(first, then, within.Value, scope);
    }

    private static SequenceStep? Step(YamlRuleReader reader, YamlMappingNode map, string key, string path)
    {
        if (reader.Mapping(map, key, path, "{ measurement: cpu, field: usage_user, aggregate: p95, op: \">\", value: 90, for: 5m }") is not { } step)
        {
            return null;
        }

        var at = $"{path}.{key}";
        reader.CheckKeys(step, StepKeys, at);
        var measurement = reader.Scalar(step, "measurement", at, required: true);
        var field = reader.Scalar(step, "field", at, required: true);
        var aggregate = reader.Aggregate(step, at);
        var op = reader.Operator(step, at);
        var value = reader.Number(step, "value", at, required: true);
        var forDuration = reader.Duration(step, "for", at, required: false, positive: false) ?? TimeSpan.Zero;
        return measurement is null || field is null || aggregate is null || op is null || value is null
            ? null
            : new SequenceStep(measurement, field, aggregate.Value, op.Value, value.Value) { For = forDuration };
    }
}
