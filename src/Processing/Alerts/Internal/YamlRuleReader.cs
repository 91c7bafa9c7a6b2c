using System.Globalization;
using MetricStream.Processing.Topology;
using MetricStream.Processing.Topology.Internal;
using MetricStream.Processing.Windows;
using YamlDotNet.RepresentationModel;

namespace MetricStream.Processing.Alerts.Internal;

/// <summary>
/// Reads values out of a YAML tree, recording a <see cref="TopologyIssue"/> with file, line, column and a
/// fix for every problem instead of stopping at the first. Paths look like <c>rules[cpu-high].threshold.op</c>.
/// </summary>
internal class YamlRuleReader(string fileName)
{
    public List<TopologyIssue> Issues { get; } = [];

    public static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public void Add(string path, YamlNode node, string message, string fix) =>
        Issues.Add(new TopologyIssue(null, path, message, fix) { File = fileName, Line = (int)node.Start.Line, Column = (int)node.Start.Column });

    public void CheckKeys(YamlMappingNode map, IReadOnlyCollection<string> known, string path)
    {
        foreach (var key in map.Children.Keys)
        {
            var text = (key as YamlScalarNode)?.Value ?? key.ToString();
            if (!known.Contains(text, StringComparer.Ordinal))
            {
                Add($"{path}.{text}", key, $"unknown field '{text}' in '{path}'.", Suggest.DidYouMean(text, known));
            }
        }
    }

    public YamlMappingNode? Mapping(YamlMappingNode map, string key, string path, string example)
    {
        var node = Child(map, key);
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }

        Add($"{path}.{key}", node ?? map, node is null ? $"missing '{key}'." : $"'{key}' must be a mapping.", $"write e.g. '{key}: {example}'.");
        return null;
    }

    public string? Scalar(YamlMappingNode map, string key, string path, bool required)
    {
        var node = Child(map, key);
        if (node is null)
        {
            if (required)
            {
                Add($"{path}.{key}", map, $"missing '{key}' in '{path}'.", $"add '{key}: ...'.");
            }

            return null;
        }

        if (node is YamlScalarNode { Value: { Length: > 0 } value })
        {
            return value;
        }

        Add($"{path}.{key}", node, $"'{key}' must be a single value.", $"write '{key}: value'.");
        return null;
    }

    public TimeSpan? Duration(YamlMappingNode map, string key, string path, bool required, bool positive)
    {
        var text = Scalar(map, key, path, required);
        if (text is null)
        {
            return null;
        }

        if (Durations.TryParse(text, out var value) && value.Ticks % TimeSpan.TicksPerMillisecond == 0 && (!positive || value > TimeSpan.Zero))
        {
            return value;
        }

        Add($"{path}.{key}", Child(map, key)!, $"'{text}' is not a{(positive ? " positive" : string.Empty)} duration.", "write a number and a unit: ms, s, m, h or d, e.g. 30s, 5m, 1h30m.");
        return null;
    }

    public double? Number(YamlMappingNode map, string key, string path, bool required)
    {
        var text = Scalar(map, key, path, required);
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        Add($"{path}.{key}", Child(map, key)!, $"'{text}' is not a number.", $"write e.g. '{key}: 90' or '{key}: 0.5'.");
        return null;
    }

    public int? Integer(YamlMappingNode map, string key, string path, int min, int max)
    {
        var text = Scalar(map, key, path, required: true);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Add($"{path}.{key}", Child(map, key)!, $"'{text}' is not a whole number from {min} to {max}.", $"write e.g. '{key}: {min}'.");
        return null;
    }

    public ComparisonOperator? Operator(YamlMappingNode map, string path)
    {
        var text = Scalar(map, "op", path, required: true);
        if (text is null)
        {
            return null;
        }

        if (Comparisons.TryParse(text, out var op))
        {
            return op;
        }

        Add($"{path}.op", Child(map, "op")!, $"unknown operator '{text}'.", $"use one of {string.Join(", ", Comparisons.Symbols)}, quoted: op: \">\".");
        return null;
    }

    public Aggregation.AggregateKind? Aggregate(YamlMappingNode map, string path)
    {
        var text = Scalar(map, "aggregate", path, required: true);
        if (text is null)
        {
            return null;
        }

        if (Aggregation.Aggregates.TryParse(text, out var kind))
        {
            return kind;
        }

        Add($"{path}.aggregate", Child(map, "aggregate")!, $"unknown aggregate '{text}'.", Suggest.DidYouMean(text, Aggregation.Aggregates.All.Select(Aggregation.Aggregates.Name)));
        return null;
    }

    public List<string> List(YamlMappingNode map, string key, string path)
    {
        switch (Child(map, key))
        {
            case null:
                return [];
            case YamlScalarNode { Value: { Length: > 0 } value }:
                return [value];
            case YamlSequenceNode items when items.All(i => i is YamlScalarNode { Value.Length: > 0 }):
                return [.. items.Cast<YamlScalarNode>().Select(i => i.Value!)];
            case var node:
                Add($"{path}.{key}", node, $"'{key}' must be a value or a list of values.", $"write '{key}: a' or '{key}: [a, b]'.");
                return [];
        }
    }

    /// <summary>A mapping of strings (labels, annotations), each value checked as a template.</summary>
    public Dictionary<string, string> Templates(YamlMappingNode map, string key, string path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var node = Child(map, key);
        if (node is null)
        {
            return result;
        }

        if (node is not YamlMappingNode pairs)
        {
            Add($"{path}.{key}", node, $"'{key}' must be a mapping of names to texts.", $"write '{key}: {{ severity: critical, summary: \"{{{{host}}}} is {{{{value}}}}\" }}'.");
            return result;
        }

        foreach (var (k, v) in pairs.Children)
        {
            if (k is YamlScalarNode { Value: { Length: > 0 } name } && v is YamlScalarNode { Value: { } text })
            {
                if (AlertTemplate.Check(text) is { } problem)
                {
                    Add($"{path}.{key}.{name}", v, $"bad template: {problem}", "write placeholders as {{name}}: {{host}} or any tag, {{value}}, {{rule}}, {{tenant}}, {{measurement}}, {{field}}, {{series}}.");
                }

                result[name] = text;
            }
            else
            {
                Add($"{path}.{key}", k, $"'{key}' entries must be 'name: text'.", $"write '{key}: {{ severity: warning }}'.");
            }
        }

        return result;
    }
}
