using MetricStream.Processing.Aggregation;

namespace MetricStream.Processing.Alerts;

/// <summary>
/// An alert rule: which series (<see cref="Select"/>), which aggregate of their windows
/// (<see cref="Aggregate"/>) and the <see cref="Condition"/>. Rules are a table keyed by <see cref="Id"/>
/// (<see cref="AlertEvaluator.Put"/>). Format of rule files: src/Processing/Alerts/README.md.
/// </summary>
/// <param name="Id">Unique id: letters, digits, <c>_</c>, <c>-</c> and <c>.</c>.</param>
/// <param name="Select">The series. For a <see cref="SequenceCondition"/> only its tenants and tags apply (each step names its measurement and field).</param>
/// <param name="Condition">What makes it fire.</param>
public sealed record AlertRule(string Id, SeriesSelector Select, AlertCondition Condition)
{
    /// <summary>The aggregate of each window that window conditions compare; <see cref="AggregateKind.Last"/> by default. Unused by absence and sequence rules.</summary>
    public AggregateKind Aggregate { get; init; } = AggregateKind.Last;

    /// <summary>
    /// Labels of the events, values rendered as templates: <c>{{host}}</c> or any other tag, <c>{{value}}</c>,
    /// <c>{{rule}}</c>, <c>{{tenant}}</c>, <c>{{measurement}}</c>, <c>{{field}}</c>, <c>{{series}}</c>; an unknown
    /// name renders empty.
    /// </summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Annotations of the events (e.g. summary, runbook), templates as <see cref="Labels"/>.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// A canonical text of everything that affects evaluation and events: two rules with the same
    /// fingerprint behave the same, so replacing one by the other keeps its state.
    /// </summary>
    public string Fingerprint() =>
        $"{Id}|{Select}|{Aggregates.Name(Aggregate)}|{Condition}|{Pairs(Labels)}|{Pairs(Annotations)}";

    private static string Pairs(IReadOnlyDictionary<string, string> pairs) =>
        string.Join(';', pairs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
