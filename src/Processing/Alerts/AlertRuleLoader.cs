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
