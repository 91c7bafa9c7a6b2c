namespace MetricStream.Processing.Alerts;

/// <summary>
/// An alert firing now: a rule on a series whose last transition was <see cref="AlertState.Firing"/>
/// (see <see cref="AlertEvaluator.Firing"/> and <see cref="AlertActivity.Firing"/>).
/// </summary>
/// <param name="RuleId">The rule's id.</param>
/// <param name="SeriesKey">The series (for a sequence, the series whose window made it fire).</param>
/// <param name="Tenant">The series' tenant.</param>
/// <param name="Tags">The series' tags, read from <paramref name="SeriesKey"/>.</param>
/// <param name="Since">The event time of the Firing transition.</param>
/// <param name="Value">The value that made it fire (seconds of silence for absence); NaN when the aggregate was NaN.</param>
public sealed record FiringAlert(string RuleId, string SeriesKey, string Tenant, IReadOnlyDictionary<string, string> Tags, DateTimeOffset Since, double Value)
{
    /// <summary>The rendered labels of the Firing event.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The rendered annotations of the Firing event.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}
