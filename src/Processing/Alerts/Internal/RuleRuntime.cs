using MetricStream.Avro.Records;

namespace MetricStream.Processing.Alerts.Internal;

/// <summary>Collects the events and counters of one evaluator call.</summary>
internal sealed class Emitter
{
    public List<AlertEvent>? Events { get; private set; }

    public long Late { get; set; }

    public void Add(AlertEvent alert) => (Events ??= []).Add(alert);
}

/// <summary>
/// One rule and the state of every series it evaluates. Not thread-safe: the evaluator calls it from one
/// task thread.
/// </summary>
internal abstract class RuleRuntime(AlertRule rule)
{
    public AlertRule Rule { get; } = rule;

    public string Fingerprint { get; } = rule.Fingerprint();

    public abstract int SeriesCount { get; }

    public static RuleRuntime Create(AlertRule rule) => rule.Condition switch
    {
        WindowCondition => new WindowRuleRuntime(rule),
        AbsenceCondition => new AbsenceRuleRuntime(rule),
        SequenceCondition => new SequenceRuleRuntime(rule),
        _ => throw new ArgumentException($"unsupported condition {rule.Condition.GetType().Name}", nameof(rule)),
    };

    /// <summary>Evaluates one window aggregate of <paramref name="seriesKey"/> (already known to be of a selected tenant).</summary>
    public abstract void OnAggregate(WindowAggregate aggregate, string seriesKey, DateTimeOffset wallNow, Emitter emitter);

    /// <summary>Wall-clock timers (absence).</summary>
    public virtual void OnWallClock(DateTimeOffset now, Emitter emitter)
    {
    }

    /// <summary>Emits Resolved for every firing series (the rule is being replaced or deleted) and forgets all state.</summary>
    public abstract void ResolveAll(DateTimeOffset now, Emitter emitter);

    public abstract void Write(BinaryWriter writer);

    public abstract void Read(BinaryReader reader, DateTimeOffset restoredAt);

    protected AlertEvent Event(SeriesInfo series, AlertState state, double value, DateTimeOffset eventTime, DateTimeOffset? windowEnd) => new(
        Rule.Id,
        series.SeriesKey,
        series.Tenant,
        state,
        value,
        AlertTemplate.RenderAll(Rule.Labels, Rule.Id, series, value),
        AlertTemplate.RenderAll(Rule.Annotations, Rule.Id, series, value),
        eventTime,
        windowEnd ?? DateTimeOffset.UnixEpoch);
}
