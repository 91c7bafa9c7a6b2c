using MetricStream.Processing.Alerts;

namespace MetricStream.Processing.Topology;

/// <summary>
/// CEP alerting on window aggregates: every record (a <c>WindowAggregate</c>, e.g. a 1-minute rollup) is
/// evaluated against <see cref="Rules"/> by an <see cref="AlertEvaluator"/> per task, and the processor
/// emits only the alert transitions (inactive, pending, firing, resolved) as <c>alert-event</c> records
/// (schema <c>alert-event.avsc</c>, the value being an <see cref="AlertEvent"/>). Wall-clock ticks of the
/// task run the absence checks. Rule format: docs/TOPOLOGIES.md ("alert").
/// </summary>
public sealed class AlertNode : ProcessorNode
{
    /// <summary>An alert processor.</summary>
    /// <param name="name">Processor name.</param>
    /// <param name="inputs">Input processors (window-aggregate records).</param>
    /// <param name="rules">The rules, unique ids.</param>
    /// <param name="rulesTopic">A compacted topic of <c>alert-rule.avsc</c> records whose rules are added to (and override by id) <paramref name="rules"/>, or null.</param>
    public AlertNode(string name, IReadOnlyList<string> inputs, IReadOnlyList<AlertRule> rules, string? rulesTopic = null)
        : base(name, inputs)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = rules;
        RulesTopic = rulesTopic;
    }

    /// <summary>
    /// The rules table topic (e.g. <c>alert-rules</c>), read whole by every instance and followed: its rules are
    /// added to <see cref="Rules"/> (same id: the topic's wins) and changes take effect without a restart. Null: none.
    /// </summary>
    public string? RulesTopic { get; }

    /// <summary>The rules, in definition order.</summary>
    public IReadOnlyList<AlertRule> Rules { get; }

    /// <inheritdoc />
    public override ProcessorKind Kind => ProcessorKind.Alert;

    /// <inheritdoc />
    public override string DescribeSettings() =>
        $"rules: [{string.Join(", ", Rules.Select(r => $"{r.Id} ({r.Condition.Kind})"))}]{(RulesTopic is null ? string.Empty : $", rules_topic: {RulesTopic}")}";
}
