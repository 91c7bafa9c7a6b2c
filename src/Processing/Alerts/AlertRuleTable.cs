using MetricStream.Avro.Generic;
using MetricStream.Avro.Records;
using MetricStream.Processing.Alerts.Internal;
using MetricStream.Processing.Topology;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MetricStream.Processing.Alerts;

/// <summary>
/// The rules of an <c>alert-rules</c> topic (<see cref="AlertNode.RulesTopic"/>), shared by the alert
/// processors of every task of an instance: the reader of the topic calls <see cref="Apply"/>, and each alert
/// processor, on its own task thread, notices the new <see cref="Version"/> and puts or deletes the changed
/// rules in its evaluator, so a change takes effect without a restart. Thread-safe.
/// </summary>
public sealed class AlertRuleTable
{
    private static readonly GenericDatumReader Reader = new(ProductSchemas.AlertRule);
    private readonly Lock _lock = new();
    private Dictionary<string, AlertRule> _rules = new(StringComparer.Ordinal);
    private long _version;

    /// <summary>Increases on every change.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>The rules now, by id (an immutable snapshot).</summary>
    public IReadOnlyDictionary<string, AlertRule> Rules
    {
        get
        {
            lock (_lock)
            {
                return _rules;
            }
        }
    }

    /// <summary>Puts (or with null deletes) the rule with id <paramref name="id"/>.</summary>
    /// <param name="id">The rule id (the record key).</param>
    /// <param name="rule">The rule, or null for a tombstone or a disabled rule.</param>
    public void Apply(string id, AlertRule? rule)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_lock)
        {
            var next = new Dictionary<string, AlertRule>(_rules, StringComparer.Ordinal);
            if (rule is null)
            {
                next.Remove(id);
            }
            else
            {
                next[id] = rule with { Id = id };
            }

            _rules = next;
            Interlocked.Increment(ref _version);
        }
    }

    /// <summary>
    /// Decodes an <c>alert-rule.avsc</c> record (Avro binary, without the wire-format header): its
    /// <c>definition</c> is one rule in the rule format (YAML, or JSON, which is YAML too); the rule only sees
    /// series of the record's <c>tenant</c>. A disabled rule decodes to null (it is removed).
    /// </summary>
    /// <param name="body">The Avro binary value.</param>
    /// <returns>The rule, or null when it is disabled.</returns>
    /// <exception cref="TopologyValidationException">The definition is not a valid rule.</exception>
    public static AlertRule? Decode(ReadOnlySpan<byte> body)
    {
        var record = (GenericRecord)Reader.Read(body)!;
        if (record["enabled"] is false)
        {
            return null;
        }

        var id = (string)record["id"]!;
        var file = $"alert-rules/{id}";
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader((string)record["definition"]!));
        }
        catch (YamlException ex)
        {
            throw new TopologyValidationException([new TopologyIssue(null, "definition", $"not valid YAML: {ex.InnerException?.Message ?? ex.Message}", "check indentation, colons and quoting near this line.") { File = file, Line = (int)ex.Start.Line, Column = (int)ex.Start.Column }]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode map)
        {
            throw new TopologyValidationException([new TopologyIssue(null, "definition", "the definition is not a mapping.", "write one rule: 'select:', 'aggregate:' and a condition.") { File = file, Line = 1, Column = 1 }]);
        }

        if (!map.Children.ContainsKey(new YamlScalarNode("id")))
        {
            map.Children.Add(new YamlScalarNode("id"), new YamlScalarNode(id));
        }

        var reader = new AlertRuleFileReader(file);
        var rules = reader.ReadRuleList(new YamlSequenceNode(map));
        if (reader.Issues.Count > 0)
        {
            throw new TopologyValidationException(reader.Issues);
        }

        var rule = rules.Single();
        return rule with { Id = id, Select = rule.Select with { Tenants = [(string)record["tenant"]!] } };
    }
}
