using MetricStream.Avro.Records;

namespace MetricStream.Processing.Alerts.Internal;

/// <summary>
/// Sequence rules: a <see cref="HoldTracker"/> per step and series (for the steps' <c>for</c> and late data),
/// and per correlation key (the series, or tenant and host) when each step was last satisfied.
/// </summary>
internal sealed class SequenceRuleRuntime(AlertRule rule) : RuleRuntime(rule)
{
    private readonly SequenceCondition _condition = (SequenceCondition)rule.Condition;
    private readonly Dictionary<string, HoldTracker> _trackers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);

    public override int SeriesCount => _groups.Count;

    public override void OnAggregate(WindowAggregate aggregate, string seriesKey, DateTimeOffset wallNow, Emitter emitter)
    {
        var correlation = _condition.Scope == SequenceScope.Series ? seriesKey : HostKey(aggregate);
        if (correlation is null)
        {
            return;
        }

        var late = false;
        for (var step = 0; step < 2; step++)
        {
            var definition = step == 0 ? _condition.First : _condition.Then;
            if (!string.Equals(definition.Measurement, aggregate.Measurement, StringComparison.Ordinal)
                || !string.Equals(definition.Field, aggregate.Field, StringComparison.Ordinal))
            {
                continue;
            }

            var trackerKey = $"{step}:{seriesKey}";
            if (!_trackers.TryGetValue(trackerKey, out var tracker))
            {
                _trackers.Add(trackerKey, tracker = new HoldTracker());
            }

            if (tracker.IsLate(aggregate.WindowEnd))
            {
                late = true;
                continue;
            }

            var value = AggregateValue.Of(aggregate, definition.Aggregate);
            var holds = Comparisons.Holds(definition.Operator, value, definition.Value);
            var satisfied = tracker.Step(holds, aggregate.WindowStart, aggregate.WindowEnd, definition.For);
            if (!_groups.TryGetValue(correlation, out var group))
            {
                _groups.Add(correlation, group = new Group());
            }

            if (step == 0 && satisfied)
            {
                group.LastA = aggregate.WindowEnd;
            }
            else if (step == 1)
            {
                group.BHolds = satisfied;
                group.LastB = satisfied ? aggregate.WindowEnd : group.LastB;
            }

            if (step == 1)
            {
                group.LastBValue = value;
            }

            if (Advance(group, step, aggregate.WindowEnd) is { } transition)
            {
                group.Info = SeriesInfo.Of(aggregate, seriesKey);
                emitter.Add(Event(group.Info, transition, value, AggregateValue.RecordTime(aggregate), aggregate.WindowEnd));
            }
        }

        if (late)
        {
            emitter.Late++;
        }
    }

    public override void ResolveAll(DateTimeOffset now, Emitter emitter)
    {
        foreach (var group in _groups.Values.Where(g => g.State == AlertState.Firing && g.Info is not null))
        {
            emitter.Add(Event(group.Info!, AlertState.Resolved, group.LastBValue, now, group.LastB));
        }

        _groups.Clear();
        _trackers.Clear();
    }

    public override void Write(BinaryWriter writer)
    {
        writer.Write(_trackers.Count);
        foreach (var (key, tracker) in _trackers)
        {
            writer.Write(key);
            tracker.Write(writer);
        }

        writer.Write(_groups.Count);
        foreach (var (key, group) in _groups)
        {
            writer.Write(key);
            writer.Write((byte)group.State);
            writer.WriteTime(group.LastA);
            writer.WriteTime(group.LastB);
            writer.Write(group.BHolds);
            writer.Write(group.LastBValue);
            writer.Write(group.Info is not null);
            group.Info?.Write(writer);
        }
    }

    public override void Read(BinaryReader reader, DateTimeOffset restoredAt)
    {
        _trackers.Clear();
        _groups.Clear();
        for (var count = reader.ReadInt32(); count > 0; count--)
        {
            var key = reader.ReadString();
            var tracker = new HoldTracker();
            tracker.Read(reader);
            _trackers[key] = tracker;
        }

        for (var count = reader.ReadInt32(); count > 0; count--)
        {
            var key = reader.ReadString();
            _groups[key] = new Group
            {
                State = (AlertState)reader.ReadByte(),
                LastA = reader.ReadOptionalTime(),
                LastB = reader.ReadOptionalTime(),
                BHolds = reader.ReadBoolean(),
                LastBValue = reader.ReadDouble(),
                Info = reader.ReadBoolean() ? SeriesInfo.Read(reader) : null,
            };
        }
    }

    private static string? HostKey(WindowAggregate aggregate)
    {
        foreach (var tag in aggregate.Tags)
        {
            if (string.Equals(tag.Key, "host", StringComparison.Ordinal))
            {
                return $"{aggregate.Tenant}\n{tag.Value}";
            }
        }

        return null;
    }

    /// <summary>The transition after step <paramref name="step"/> was evaluated on a window ending at <paramref name="end"/>, or null.</summary>
    private AlertState? Advance(Group group, int step, DateTimeOffset end)
    {
        if (group.State == AlertState.Firing)
        {
            if (step == 0 || group.BHolds)
            {
                return null;
            }

            group.State = AlertState.Inactive;
            group.LastA = null;
            return AlertState.Resolved;
        }

        if (group is { LastA: { } a, BHolds: true, LastB: { } b } && b >= a && b - a <= _condition.Within)
        {
            return group.State = AlertState.Firing;
        }

        if (group.LastA is { } since && end - since <= _condition.Within)
        {
            return group.State == AlertState.Inactive && step == 0 && end == since ? group.State = AlertState.Pending : null;
        }

        return group.State == AlertState.Pending ? group.State = AlertState.Inactive : null;
    }

    private sealed class Group
    {
        public AlertState State { get; set; } = AlertState.Inactive;

        /// <summary>End of the last window in which step A was satisfied.</summary>
        public DateTimeOffset? LastA { get; set; }

        /// <summary>End of the last window in which step B was satisfied.</summary>
        public DateTimeOffset? LastB { get; set; }

        /// <summary>Whether step B was satisfied in its last window.</summary>
        public bool BHolds { get; set; }

        /// <summary>Step B's value in its last window.</summary>
        public double LastBValue { get; set; } = double.NaN;

        /// <summary>The series of the last transition (for events without a window).</summary>
        public SeriesInfo? Info { get; set; }
    }
}
