namespace MetricStream.Processing.Alerts;

/// <summary>
/// What makes a rule fire. The window conditions (<see cref="ThresholdCondition"/>, <see cref="NOfMCondition"/>,
/// <see cref="RateOfChangeCondition"/>) are evaluated once per window of a series, in event time, with
/// <see cref="WindowCondition.For"/> and <see cref="WindowCondition.KeepFiringFor"/>; <see cref="AbsenceCondition"/>
/// runs on the wall clock; <see cref="SequenceCondition"/> correlates two steps.
/// </summary>
public abstract record AlertCondition
{
    /// <summary>The name in rule files, e.g. <c>threshold</c>.</summary>
    public abstract string Kind { get; }
}

/// <summary>A condition evaluated on each window, with pending and hysteresis durations.</summary>
public abstract record WindowCondition : AlertCondition
{
    /// <summary>
    /// How long the condition must hold, in event time, before the alert fires: from the start of the first
    /// window in which it holds to the end of the current one, over contiguous windows (a missing window
    /// starts the count again). Zero (the default) fires on the first window, without a pending event.
    /// </summary>
    public TimeSpan For { get; init; }

    /// <summary>
    /// Hysteresis: how long the condition must stay false, in event time, before a firing alert resolves
    /// (from the start of the first false window to the end of the current one). Zero (the default)
    /// resolves on the first false window.
    /// </summary>
    public TimeSpan KeepFiringFor { get; init; }
}

/// <summary>The rule's aggregate of a window compared to a value, e.g. p95 &gt; 90.</summary>
/// <param name="Operator">The comparison.</param>
/// <param name="Value">The threshold.</param>
public sealed record ThresholdCondition(ComparisonOperator Operator, double Value) : WindowCondition
{
    /// <inheritdoc/>
    public override string Kind => "threshold";
}

/// <summary>
/// Holds when the comparison held in at least <paramref name="N"/> of the last <paramref name="M"/> windows
/// received for the series (fewer than M received so far count as they are).
/// </summary>
/// <param name="Operator">The comparison applied to each window.</param>
/// <param name="Value">The threshold.</param>
/// <param name="N">Windows that must match, 1..M.</param>
/// <param name="M">Windows considered, 1..64.</param>
public sealed record NOfMCondition(ComparisonOperator Operator, double Value, int N, int M) : WindowCondition
{
    /// <inheritdoc/>
    public override string Kind => "n_of_m";
}

/// <summary>
/// The change per second of the rule's aggregate over <paramref name="Over"/>, compared to a value:
/// <c>(v_now - v_then) / (t_now - t_then)</c> where <c>t</c> are window ends and <c>t_then</c> is the latest
/// window end at least <paramref name="Over"/> before <c>t_now</c>. Does not hold until the series has
/// that much history.
/// </summary>
/// <param name="Operator">The comparison.</param>
/// <param name="ValuePerSecond">The threshold, in units per second (negative for a fall).</param>
/// <param name="Over">The duration the change is measured over (positive).</param>
public sealed record RateOfChangeCondition(ComparisonOperator Operator, double ValuePerSecond, TimeSpan Over) : WindowCondition
{
    /// <inheritdoc/>
    public override string Kind => "rate_of_change";
}

/// <summary>
/// Fires when a series that was seen sends no window for <paramref name="For"/> on the wall clock (checked
/// by <see cref="AlertEvaluator.OnWallClock"/>, so it fires when the agent is dead); resolves when data
/// returns. A series is known from its first window; after a restore every series not firing gets a
/// fresh <paramref name="For"/> (the engine may be replaying what it missed).
/// </summary>
/// <param name="For">How long silence lasts before the alert fires (positive).</param>
public sealed record AbsenceCondition(TimeSpan For) : AlertCondition
{
    /// <summary>
    /// How long a silent series stays tracked: after that much silence it is forgotten (a firing alert of it
    /// resolves first, with the seconds of silence as value), so decommissioned hosts do not pile up. Null (the
    /// default) means 30 x <see cref="For"/>, at least one hour. Must be longer than <see cref="For"/>.
    /// </summary>
    public TimeSpan? ExpireAfter { get; init; }

    /// <summary>The expiry in effect: <see cref="ExpireAfter"/> or its default.</summary>
    public TimeSpan EffectiveExpireAfter => ExpireAfter ?? TimeSpan.FromTicks(Math.Max(For.Ticks * 30, TimeSpan.TicksPerHour));

    /// <inheritdoc/>
    public override string Kind => "absence";
}

/// <summary>What a <see cref="SequenceCondition"/> correlates.</summary>
public enum SequenceScope
{
    /// <summary>Both steps on the same series (same tenant, measurement and tags; the fields may differ).</summary>
    Series,

    /// <summary>Both steps on series of the same tenant with the same <c>host</c> tag (series without one are ignored).</summary>
    Host,
}

/// <summary>One step of a <see cref="SequenceCondition"/>: a threshold on an aggregate of one measurement's field.</summary>
/// <param name="Measurement">The measurement.</param>
/// <param name="Field">The field.</param>
/// <param name="Aggregate">The aggregate of the window compared.</param>
/// <param name="Operator">The comparison.</param>
/// <param name="Value">The threshold.</param>
public sealed record SequenceStep(string Measurement, string Field, Aggregation.AggregateKind Aggregate, ComparisonOperator Operator, double Value)
{
    /// <summary>How long the comparison must hold (over contiguous windows, as <see cref="WindowCondition.For"/>) for the step to count; zero by default.</summary>
    public TimeSpan For { get; init; }
}

/// <summary>
/// <paramref name="First"/> then <paramref name="Then"/> within <paramref name="Within"/>: pending when the first
/// step is satisfied; firing when the second step is satisfied at a window end no earlier than, and at most
/// <paramref name="Within"/> after, the last window end at which the first was; resolved when the second step
/// stops holding. A pending sequence whose second step does not come in time returns to inactive.
/// </summary>
/// <param name="First">Step A.</param>
/// <param name="Then">Step B.</param>
/// <param name="Within">The longest time from A to B (positive).</param>
/// <param name="Scope">Whether A and B must be on the same series or on the same host.</param>
public sealed record SequenceCondition(SequenceStep First, SequenceStep Then, TimeSpan Within, SequenceScope Scope) : AlertCondition
{
    /// <inheritdoc/>
    public override string Kind => "sequence";
}
