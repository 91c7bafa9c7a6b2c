namespace MetricStream.Processing.Alerts;

/// <summary>Counters of an <see cref="AlertEvaluator"/>, as a snapshot.</summary>
/// <param name="AggregatesIn">Window aggregates passed to <see cref="AlertEvaluator.OnAggregate"/>.</param>
/// <param name="LateAggregates">
/// Aggregates ignored for state transitions because at least one rule had already evaluated a window of
/// that series ending at or after theirs (late or replayed data).
/// </param>
/// <param name="EventsEmitted">Alert events returned, all calls together.</param>
/// <param name="Rules">Rules in the table.</param>
/// <param name="TrackedSeries">(rule, series) states held; for sequences, correlation groups.</param>
public sealed record AlertEvaluatorCounters(long AggregatesIn, long LateAggregates, long EventsEmitted, int Rules, int TrackedSeries);
