using MetricStream.Avro.Records;
using MetricStream.Processing.Alerts;
using MetricStream.Processing.Topology;

namespace MetricStream.Processing.Execution.Internal;

/// <summary>
/// Evaluates the alert rules of an <see cref="AlertNode"/> on the window aggregates it receives and on
/// wall-clock ticks (absence), forwarding each transition as an <c>alert-event.avsc</c> record keyed by
/// the series key. One <see cref="AlertEvaluator"/> per task: a series is always in one partition.
/// </summary>
internal sealed class AlertProcessor : TaskProcessor
{
    private readonly AlertNode _node;
    private readonly AlertEvaluator _evaluator;
    private readonly AlertRuleTable? _table;
    private Dictionary<string, AlertRule> _rules;
    private long _tableVersion;
    private bool _changed;

    public AlertProcessor(AlertNode node, StreamTask task, TimeProvider time)
        : base(node.Name, task)
    {
        _node = node;
        _table = node.RulesTopic is { } topic ? task.AlertRules[topic] : null;
        _rules = Desired();
        _tableVersion = _table?.Version ?? 0;
        _evaluator = new AlertEvaluator(_rules.Values, time);
    }

    /// <summary>The evaluator's counters.</summary>
    public AlertEvaluatorCounters EvaluatorCounters => _evaluator.Counters;

    /// <summary>True when the state may have changed since the last <see cref="TakeSnapshot"/>.</summary>
    public bool HasChanges => _changed;

    public override ProcessorCounters Counters() => new(RecordsIn, RecordsOut, _evaluator.Counters.LateAggregates, 0, 0, 0, 0);

    /// <summary>The evaluator's state (see <see cref="AlertEvaluator.Snapshot"/>); marks it persisted.</summary>
    public byte[] TakeSnapshot()
    {
        _changed = false;
        return _evaluator.Snapshot();
    }

    /// <summary>Restores a <see cref="TakeSnapshot"/> (before any record is processed): firing alerts are not emitted again.</summary>
    public void Restore(ReadOnlySpan<byte> snapshot)
    {
        _evaluator.Restore(snapshot);
        Task.AlertActivity?.Publish(this, _evaluator.Firing());
    }

    /// <summary>Takes this processor's firing alerts out of the instance's <see cref="AlertActivity"/> (its task closed).</summary>
    public void Withdraw() => Task.AlertActivity?.Withdraw(this);

    public override void OnWallClock(long nowOffsetTicks, TimeSpan taskIdleFor)
    {
        SyncRules();
        var events = _evaluator.OnWallClock(DateTimeOffset.UnixEpoch.AddTicks(nowOffsetTicks));
        Emit(events);
        _changed |= events.Count > 0;
    }

    protected override void Process(in StreamRecord record)
    {
        if (record.Value is not WindowAggregate aggregate)
        {
            throw new InvalidCastException($"an alert processor reads window aggregates, not {record.Value.GetType().Name}");
        }

        SyncRules();
        Task.AlertActivity?.CountAggregate();
        Emit(_evaluator.OnAggregate(aggregate, record.Key));
        _changed = true;
    }

    /// <summary>Applies rule table changes: puts new and changed rules, deletes removed ones (resolving their firing alerts).</summary>
    private void SyncRules()
    {
        if (_table is null || _table.Version == _tableVersion)
        {
            return;
        }

        _tableVersion = _table.Version;
        var previous = _rules;
        _rules = Desired();
        foreach (var id in previous.Keys.Where(id => !_rules.ContainsKey(id)))
        {
            Emit(_evaluator.Delete(id), previous[id]);
        }

        foreach (var rule in _rules.Values)
        {
            Emit(_evaluator.Put(rule), previous.GetValueOrDefault(rule.Id));
        }

        _changed = true;
    }

    private Dictionary<string, AlertRule> Desired()
    {
        var rules = _node.Rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        foreach (var (id, rule) in _table?.Rules ?? new Dictionary<string, AlertRule>())
        {
            rules[id] = rule;
        }

        return rules;
    }

    private void Emit(IReadOnlyList<AlertEvent> events, AlertRule? rule)
    {
        foreach (var alert in events)
        {
            Forward(new StreamRecord(alert.SeriesKey, AlertEventRecords.ToRecord(alert, rule), alert.EventTime));
        }

        Published(events);
    }

    private void Emit(IReadOnlyList<AlertEvent> events)
    {
        foreach (var alert in events)
        {
            var value = AlertEventRecords.ToRecord(alert, _rules.GetValueOrDefault(alert.RuleId));
            Forward(new StreamRecord(alert.SeriesKey, value, alert.EventTime));
        }

        Published(events);
    }

    /// <summary>Counts the transitions and, when there were any, republishes what fires.</summary>
    private void Published(IReadOnlyList<AlertEvent> events)
    {
        if (events.Count == 0 || Task.AlertActivity is not { } activity)
        {
            return;
        }

        foreach (var alert in events)
        {
            activity.CountTransition(alert.State);
        }

        activity.Publish(this, _evaluator.Firing());
    }
}
