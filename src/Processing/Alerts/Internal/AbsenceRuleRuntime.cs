using MetricStream.Avro.Records;

namespace MetricStream.Processing.Alerts.Internal;

/// <summary>
/// Absence rules: per series, when a window was last received on the wall clock; firing when that is
/// at least <see cref="AbsenceCondition.For"/> ago at a wall-clock check, resolved by the next window;
/// forgotten (resolved first if firing) after <see cref="AbsenceCondition.EffectiveExpireAfter"/> of silence.
/// </summary>
internal sealed class AbsenceRuleRuntime(AlertRule rule) : RuleRuntime(rule)
{
    private readonly TimeSpan _for = ((AbsenceCondition)rule.Condition).For;
    private readonly TimeSpan _expireAfter = ((AbsenceCondition)rule.Condition).EffectiveExpireAfter;
    private readonly Dictionary<string, SeriesState> _series = new(StringComparer.Ordinal);

    public override int SeriesCount => _series.Count;

    public override void OnAggregate(WindowAggregate aggregate, string seriesKey, DateTimeOffset wallNow, Emitter emitter)
    {
        if (!_series.TryGetValue(seriesKey, out var state))
        {
            state = new SeriesState(SeriesInfo.Of(aggregate, seriesKey));
            _series.Add(seriesKey, state);
        }
        else if (state.LastEnd is { } last && aggregate.WindowEnd <= last)
        {
            // A replayed or late window says nothing about whether the series is alive now.
            emitter.Late++;
            return;
        }

        state.LastEnd = aggregate.WindowEnd;
        state.LastSeen = wallNow;
        if (state.Firing)
        {
            state.Firing = false;
            emitter.Add(Event(state.Info, AlertState.Resolved, 0, AggregateValue.RecordTime(aggregate), aggregate.WindowEnd));
        }
    }

    public override void OnWallClock(DateTimeOffset now, Emitter emitter)
    {
        List<string>? expired = null;
        foreach (var state in _series.Values)
        {
            var silence = now - state.LastSeen;
            if (silence >= _expireAfter)
            {
                // Silent for much longer than the rule cares about: stop tracking it (a returning series starts afresh).
                if (state.Firing)
                {
                    emitter.Add(Event(state.Info, AlertState.Resolved, silence.TotalSeconds, now, state.LastEnd));
                }

                (expired ??= []).Add(state.Info.SeriesKey);
            }
            else if (!state.Firing && silence >= _for)
            {
                state.Firing = true;
                emitter.Add(Event(state.Info, AlertState.Firing, silence.TotalSeconds, now, state.LastEnd));
            }
        }

        foreach (var key in expired ?? [])
        {
            _series.Remove(key);
        }
    }

    public override void ResolveAll(DateTimeOffset now, Emitter emitter)
    {
        foreach (var state in _series.Values.Where(s => s.Firing))
        {
            emitter.Add(Event(state.Info, AlertState.Resolved, (now - state.LastSeen).TotalSeconds, now, state.LastEnd));
        }

        _series.Clear();
    }

    public override void Write(BinaryWriter writer)
    {
        writer.Write(_series.Count);
        foreach (var state in _series.Values)
        {
            state.Info.Write(writer);
            writer.WriteTime(state.LastEnd);
            writer.WriteTime(state.LastSeen);
            writer.Write(state.Firing);
        }
    }

    public override void Read(BinaryReader reader, DateTimeOffset restoredAt)
    {
        _series.Clear();
        for (var count = reader.ReadInt32(); count > 0; count--)
        {
            var state = new SeriesState(SeriesInfo.Read(reader))
            {
                LastEnd = reader.ReadOptionalTime(),
                LastSeen = reader.ReadTime(),
                Firing = reader.ReadBoolean(),
            };

            // The engine may be replaying what it missed while down: give every quiet series a fresh period.
            if (!state.Firing && state.LastSeen < restoredAt)
            {
                state.LastSeen = restoredAt;
            }

            _series[state.Info.SeriesKey] = state;
        }
    }

    private sealed class SeriesState(SeriesInfo info)
    {
        public SeriesInfo Info { get; } = info;

        public DateTimeOffset? LastEnd { get; set; }

        public DateTimeOffset LastSeen { get; set; }

        public bool Firing { get; set; }
    }
}
