namespace MetricStream.Processing.Alerts;

/// <summary>A transition of one rule on one series (see <see cref="AlertState"/>).</summary>
/// <param name="RuleId">The rule's id.</param>
/// <param name="SeriesKey">
/// The series (see <c>SeriesKey</c>): the one evaluated, or for a <see cref="SequenceCondition"/> the series
/// whose window caused the transition.
/// </param>
/// <param name="Tenant">The series' tenant.</param>
/// <param name="State">The new state.</param>
/// <param name="Value">
/// The value that caused the transition: the rule's aggregate of the window (threshold, N of M, sequence),
/// the change per second (rate of change), or the seconds since the series was last seen (absence); for a
/// Resolved event caused by a rule change, the last value seen. NaN when the aggregate itself was NaN.
/// </param>
/// <param name="Labels">The rule's labels with their templates rendered.</param>
/// <param name="Annotations">The rule's annotations with their templates rendered.</param>
/// <param name="EventTime">
/// When it happened: for a transition caused by a window, the window's record time (its end minus 1 ms,
/// as on the rollup topics); for absence, the wall-clock time of the check; for a rule replaced or
/// deleted at run time, the wall-clock time of the change.
/// </param>
/// <param name="WindowEnd">The end of the last window evaluated for the series, or the Unix epoch when none was.</param>
public sealed record AlertEvent(
    string RuleId,
    string SeriesKey,
    string Tenant,
    AlertState State,
    double Value,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset EventTime,
    DateTimeOffset WindowEnd);
