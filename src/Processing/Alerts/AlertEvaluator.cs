using MetricStream.Avro.Records;
using MetricStream.Processing.Alerts.Internal;

namespace MetricStream.Processing.Alerts;

/// <summary>
/// Evaluates a table of <see cref="AlertRule"/>s against window aggregates (event time) and the wall
/// clock (absence), keeping one state machine per rule and series and returning only transitions.
/// Not thread-safe: the runtime calls every member from the one task thread that owns the series.
/// </summary>
/// <remarks>
/// Late data: an aggregate whose window ends no later than the last one a rule evaluated for the series
/// is ignored by that rule (see <see cref="AlertEvaluatorCounters.LateAggregates"/>), so replays and
/// stragglers never flap an alert. State survives restarts through <see cref="Snapshot"/> and
/// <see cref="Restore"/>: a restored firing alert is not emitted again.
/// </remarks>
public sealed class AlertEvaluator
{
    private static readonly IReadOnlyList<AlertEvent> None = [];
    private readonly TimeProvider _time;
    private readonly Dictionary<string, RuleRuntime> _rules = new(StringComparer.Ordinal);
    private readonly FiringSet _firing = new();
    private long _aggregatesIn;
    private long _late;
    private long _events;

    /// <summary>An evaluator with the given rules.</summary>
    /// <param name="rules">The initial rules (unique ids).</param>
    /// <param name="time">The wall clock: when a series was last seen (absence) and when rules change.</param>
    public AlertEvaluator(IEnumerable<AlertRule> rules, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        foreach (var rule in rules)
        {
            Put(rule);
        }
    }

    /// <summary>The rules, by id.</summary>
    public IReadOnlyDictionary<string, AlertRule> Rules => _rules.ToDictionary(r => r.Key, r => r.Value.Rule, StringComparer.Ordinal);

    /// <summary>The alerts firing now (rule and series whose last transition was Firing), also after a <see cref="Restore"/>.</summary>
    /// <returns>A copy, in no particular order.</returns>
    public IReadOnlyList<FiringAlert> Firing() => _firing.ToList();

    /// <summary>The counters so far.</summary>
    public AlertEvaluatorCounters Counters =>
        new(_aggregatesIn, _late, _events, _rules.Count, _rules.Values.Sum(r => r.SeriesCount));

    /// <summary>
    /// Adds or replaces the rule with <paramref name="rule"/>'s id. An identical rule (same
    /// <see cref="AlertRule.Fingerprint"/>) keeps its state; a changed one starts afresh, first resolving
    /// every alert the old version had firing. Other rules are untouched.
    /// </summary>
    /// <param name="rule">The rule.</param>
    /// <returns>The Resolved events of the replaced version, usually none.</returns>
    public IReadOnlyList<AlertEvent> Put(AlertRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (_rules.TryGetValue(rule.Id, out var existing) && existing.Fingerprint == rule.Fingerprint())
        {
            return None;
        }

        var events = Delete(rule.Id);
        _rules[rule.Id] = RuleRuntime.Create(rule);
        return events;
    }

    /// <summary>Removes a rule, resolving the alerts it had firing.</summary>
    /// <param name="id">The rule id.</param>
    /// <returns>Resolved events (event time: now on the wall clock), or none when the rule did not exist.</returns>
    public IReadOnlyList<AlertEvent> Delete(string id)
    {
        if (!_rules.Remove(id, out var runtime))
        {
            return None;
        }

        var emitter = new Emitter();
        runtime.ResolveAll(_time.GetUtcNow(), emitter);
        var events = Done(emitter);
        _firing.DropRule(id);
        return events;
    }

    /// <summary>Evaluates one closed window of a series against every rule that selects it.</summary>
    /// <param name="aggregate">The window aggregate (not kept after the call).</param>
    /// <param name="seriesKey">Its series key (the record key on the rollup topics).</param>
    /// <returns>The transitions, usually none.</returns>
    public IReadOnlyList<AlertEvent> OnAggregate(WindowAggregate aggregate, string seriesKey)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        ArgumentNullException.ThrowIfNull(seriesKey);
        _aggregatesIn++;
        var emitter = new Emitter();
        var now = _time.GetUtcNow();
        foreach (var runtime in _rules.Values)
        {
            if (runtime.Rule.Select.Matches(aggregate))
            {
                runtime.OnAggregate(aggregate, seriesKey, now, emitter);
            }
        }

        _late += Math.Min(emitter.Late, 1);
        return Done(emitter);
    }

    /// <summary>Runs the wall-clock checks (absence rules). Call it periodically, e.g. every few seconds.</summary>
    /// <param name="now">The wall-clock time, normally the <see cref="TimeProvider"/>'s now.</param>
    /// <returns>The transitions, usually none.</returns>
    public IReadOnlyList<AlertEvent> OnWallClock(DateTimeOffset now)
    {
        var emitter = new Emitter();
        foreach (var runtime in _rules.Values)
        {
            runtime.OnWallClock(now, emitter);
        }

        return Done(emitter);
    }

    /// <summary>The state of every rule and series, as bytes (for a changelog-backed store).</summary>
    /// <returns>The snapshot.</returns>
    public byte[] Snapshot() => EvaluatorSnapshot.Write(_rules, _firing);

    /// <summary>
    /// Replaces all state with a <see cref="Snapshot"/>. State of rules that no longer exist or whose
    /// fingerprint changed is dropped; rules absent from the snapshot start empty.
    /// </summary>
    /// <param name="snapshot">Bytes from <see cref="Snapshot"/>.</param>
    /// <exception cref="InvalidDataException">The bytes are not a snapshot of this version.</exception>
    public void Restore(ReadOnlySpan<byte> snapshot)
    {
        foreach (var id in _rules.Keys.ToList())
        {
            _rules[id] = RuleRuntime.Create(_rules[id].Rule);
        }

        EvaluatorSnapshot.Read(snapshot, _rules, _time.GetUtcNow(), _firing);
    }

    private IReadOnlyList<AlertEvent> Done(Emitter emitter)
    {
        _events += emitter.Events?.Count ?? 0;
        if (emitter.Events is { } events)
        {
            _firing.Observe(events);
        }

        return emitter.Events ?? None;
    }
}
