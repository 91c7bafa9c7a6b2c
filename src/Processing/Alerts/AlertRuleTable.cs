using MetricStream.Avro.Generic;
using MetricStream.Avro.Records;
using MetricStream.Processing.Topology;

namespace MetricStream.Processing.Alerts;

/// <summary>
/// The rules of an <c>alert-rules</c> topic (<see cref="AlertNode.RulesTopic"/>), shared by the alert
/// processors of every task of an instance: the reader of the topic calls <see cref="Apply"/>, and each alert
/// processor, on its own task thread, notices the new <see cref="Version"/> and puts or deletes the changed
/// rules in its evaluator, so a change takes effect without a restart. Thread-safe.
/// </summary>
public sealed class AlertRuleTable
{
    /// <summary>The <c>tenant</c> of a rule record that applies to every tenant (or to those its <c>select.tenant</c> names).</summary>
    public const string AnyTenant = "*";

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
    /// series of the record's <c>tenant</c>, unless that is <see cref="AnyTenant"/>. A disabled rule decodes to null (it is removed).
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
        var (parsed, issues) = AlertRuleLoader.ParseDefinition((string)record["definition"]!, id);
        if (parsed is not { } rule)
        {
            throw new TopologyValidationException(issues);
        }

        // Tenant "*": an operator's rule over every tenant (its select may still name tenants).
        var tenant = (string)record["tenant"]!;
        if (tenant == AnyTenant)
        {
            return rule with { Id = id };
        }

        return rule with { Id = id, Select = rule.Select with { Tenants = [(string)record["tenant"]!] } };
    }
}
