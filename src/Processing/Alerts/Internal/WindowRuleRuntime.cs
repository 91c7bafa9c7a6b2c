using System.Numerics;
using MetricStream.Avro.Records;

namespace MetricStream.Processing.Alerts.Internal;

/// <summary>Threshold, N-of-M and rate-of-change rules: one <see cref="Lifecycle"/> per series.</summary>
internal sealed class WindowRuleRuntime(AlertRule rule) : RuleRuntime(rule)
{
    private readonly WindowCondition _condition = (WindowCondition)rule.Condition;
    private readonly Dictionary<string, SeriesState> _series = new(StringComparer.Ordinal);

    public override int SeriesCount => _series.Count;

    public override void OnAggregate(WindowAggregate aggregate, string seriesKey, DateTimeOffset wallNow, Emitter emitter)
    {
        if (!_series.TryGetValue(seriesKey, out var state))
        {
            state = new SeriesState(SeriesInfo.Of(aggregate, seriesKey));
            _series.Add(seriesKey, state);
        }

        if (state.Life.IsLate(aggregate.WindowEnd))
        {
            emitter.Late++;
            return;
        }

        var value = AggregateValue.Of(aggregate, Rule.Aggregate);
        var (holds, shown) = Evaluate(state, aggregate.WindowEnd, value);
        state.LastValue = shown;
        var transition = state.Life.Step(holds, aggregate.WindowStart, aggregate.WindowEnd, _condition.For, _condition.KeepFiringFor);
        if (transition is { } next)
        {
            emitter.Add(Event(state.Info, next, shown, AggregateValue.RecordTime(aggregate), aggregate.WindowEnd));
        }
    }

    public override void ResolveAll(DateTimeOffset now, Emitter emitter)
    {
        foreach (var state in _series.Values)
        {
            if (state.Life.State == AlertState.Firing)
            {
                emitter.Add(Event(state.Info, AlertState.Resolved, state.LastValue, now, state.Life.LastEnd));
            }
        }

        _series.Clear();
    }

    public override void Write(BinaryWriter writer)
    {
        writer.Write(_series.Count);
        foreach (var state in _series.Values)
        {
            state.Info.Write(writer);
            state.Life.Write(writer);
            writer.Write(state.Bits);
            writer.Write(state.LastValue);
            writer.Write(state.Samples.Count);
            foreach (var (end, value) in state.Samples)
            {
                writer.WriteTime(end);
                writer.Write(value);
            }
        }
    }

    public override void Read(BinaryReader reader, DateTimeOffset restoredAt)
    {
        _series.Clear();
        for (var count = reader.ReadInt32(); count > 0; count--)
        {
            var state = new SeriesState(SeriesInfo.Read(reader));
            state.Life.Read(reader);
            state.Bits = reader.ReadUInt64();
            state.LastValue = reader.ReadDouble();
            for (var samples = reader.ReadInt32(); samples > 0; samples--)
            {
                state.Samples.Add((reader.ReadTime(), reader.ReadDouble()));
            }

            _series[state.Info.SeriesKey] = state;
        }
    }

    /// <summary>Whether the condition holds in this window, and the value events show.</summary>
    private (bool Holds, double Shown) Evaluate(SeriesState state, DateTimeOffset end, double value)
    {
        switch (_condition)
        {
            case ThresholdCondition t:
                return (Comparisons.Holds(t.Operator, value, t.Value), value);
            case NOfMCondition n:
                // Bit 0 is the newest window; only the last M bits count.
                var hit = Comparisons.Holds(n.Operator, value, n.Value) ? 1UL : 0UL;
                state.Bits = ((state.Bits << 1) | hit) & (n.M == 64 ? ulong.MaxValue : (1UL << n.M) - 1);
                return (BitOperations.PopCount(state.Bits) >= n.N, value);
            default:
                var r = (RateOfChangeCondition)_condition;
                var samples = state.Samples;
                samples.Add((end, value));

                // Keep exactly one sample at least Over old: the baseline.
                var cutoff = end - r.Over;
                while (samples.Count > 1 && samples[1].End <= cutoff)
                {
                    samples.RemoveAt(0);
                }

                if (samples[0].End > cutoff)
                {
                    return (false, double.NaN);
                }

                var rate = (value - samples[0].Value) / (end - samples[0].End).TotalSeconds;
                return (Comparisons.Holds(r.Operator, rate, r.ValuePerSecond), rate);
        }
    }

    private sealed class SeriesState(SeriesInfo info)
    {
        public SeriesInfo Info { get; } = info;

        public Lifecycle Life { get; } = new();

        /// <summary>The value shown for the last window (for Resolved events without a window).</summary>
        public double LastValue { get; set; } = double.NaN;

        /// <summary>N of M: one bit per window received, newest in bit 0.</summary>
        public ulong Bits { get; set; }

        /// <summary>Rate of change: (window end, value), oldest first.</summary>
        public List<(DateTimeOffset End, double Value)> Samples { get; } = [];
    }
}
