using MetricStream.Processing.Alerts.Internal;
using MetricStream.Processing.Topology;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MetricStream.Processing.Alerts;

/// <summary>
/// Loads alert rule files (format in src/Processing/Alerts/README.md). Every problem is reported as a
/// <see cref="TopologyIssue"/> with the file, line and column and a fix, like topology files: YAML syntax,
/// unknown fields (with a "did you mean"), missing or conflicting settings, bad durations, numbers,
/// operators, aggregates, regular expressions and templates, duplicate ids.
/// </summary>
public static class AlertRuleLoader
{
    /// <summary>Loads and validates a rule file.</summary>
    /// <param name="path">The YAML file.</param>
    /// <returns>The rules, in file order.</returns>
    /// <exception cref="TopologyValidationException">The file is invalid; its issues list every problem.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlyList<AlertRule> LoadFile(string path) => Load(File.ReadAllText(path), path);

    /// <summary>Loads and validates rules from YAML text.</summary>
    /// <param name="yaml">The YAML.</param>
    /// <param name="fileName">The name to report in issues.</param>
    /// <returns>The rules, in file order.</returns>
    /// <exception cref="TopologyValidationException">The text is invalid.</exception>
    public static IReadOnlyList<AlertRule> Load(string yaml, string fileName)
    {
        var (rules, issues) = Parse(yaml, fileName);
        return issues.Count == 0 ? rules : throw new TopologyValidationException(issues);
    }

    /// <summary>Validates a rule file without throwing.</summary>
    /// <param name="path">The YAML file.</param>
    /// <returns>Every problem found, in file order; empty when the file is valid.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlyList<TopologyIssue> ValidateFile(string path) => Parse(File.ReadAllText(path), path).Issues;

    /// <summary>
    /// Parses one rule definition (a mapping in the rule format: YAML, or JSON, which is YAML too) as rule
    /// <paramref name="id"/>; the definition's own <c>id</c>, when present, must be the same. Issue keys are paths
    /// like <c>rules[cpu-high].threshold.value</c>.
    /// </summary>
    /// <param name="definition">The rule's text.</param>
    /// <param name="id">The rule id (e.g. the record key).</param>
    /// <returns>The rule, or null and every problem found.</returns>
    public static (AlertRule? Rule, IReadOnlyList<TopologyIssue> Issues) ParseDefinition(string definition, string id)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(id);
        var file = $"alert-rules/{id}";
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(definition));
        }
        catch (YamlException ex)
        {
            return (null, [new TopologyIssue(null, "definition", $"not valid YAML: {ex.InnerException?.Message ?? ex.Message}", "check indentation, colons and quoting near this line.") { File = file, Line = (int)ex.Start.Line, Column = (int)ex.Start.Column }]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode map)
        {
            return (null, [new TopologyIssue(null, "definition", "the definition is not a mapping.", "write one rule: 'select:', 'aggregate:' and a condition.") { File = file, Line = 1, Column = 1 }]);
        }

        var idKey = new YamlScalarNode("id");
        if (!map.Children.TryGetValue(idKey, out var own))
        {
            map.Children.Add(idKey, new YamlScalarNode(id));
        }
        else if (own is not YamlScalarNode { Value: { } ownId } || !string.Equals(ownId, id, StringComparison.Ordinal))
        {
            return (null, [new TopologyIssue(null, $"rules[{id}].id", $"the definition's id is not '{id}'.", $"write 'id: {id}' or leave it out.") { File = file, Line = (int)own.Start.Line, Column = (int)own.Start.Column }]);
        }

        var reader = new AlertRuleFileReader(file);
        var rules = reader.ReadRuleList(new YamlSequenceNode(map));
        return reader.Issues.Count > 0 || rules.Count != 1 ? (null, reader.Issues) : (rules[0] with { Id = id }, []);
    }

    private static (IReadOnlyList<AlertRule> Rules, IReadOnlyList<TopologyIssue> Issues) Parse(string yaml, string fileName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        YamlStream stream = [];
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            return ([], [new TopologyIssue(null, null, $"not valid YAML: {ex.InnerException?.Message ?? ex.Message}", "check indentation, colons and quoting near this line.")
            {
                File = fileName, Line = (int)ex.Start.Line, Column = (int)ex.Start.Column,
            }]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return ([], [new TopologyIssue(null, null, "the file is empty or not a mapping.", "start with 'rules:' and a list of rules, each '- id: ...'.") { File = fileName, Line = 1, Column = 1 }]);
        }

        var reader = new AlertRuleFileReader(fileName);
        var rules = reader.ReadRules(root);
        return (rules, [.. reader.Issues.OrderBy(i => i.Line).ThenBy(i => i.Column)]);
    }
}
