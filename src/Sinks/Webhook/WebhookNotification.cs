namespace MetricStream.Sinks.Webhook;

/// <summary>
/// One alert notification for the webhook: a rule's state transition for one series. Its own small record, so
/// the sinks do not depend on the engine; the host maps the engine's alert events onto it.
/// </summary>
/// <param name="RuleId">The alert rule's id.</param>
/// <param name="State">The state entered: <c>pending</c>, <c>firing</c> or <c>resolved</c> (sent as given).</param>
/// <param name="Series">The series key the rule evaluated (e.g. <c>cpu,host=web-1</c>).</param>
/// <param name="Tenant">The series' tenant; also the dead letter's Kafka key.</param>
/// <param name="Value">The value that caused the transition, or null (absence alerts have none). NaN and infinities are sent as null.</param>
/// <param name="EventTime">The event time of the transition.</param>
public sealed record WebhookNotification(string RuleId, string State, string Series, string Tenant, double? Value, DateTimeOffset EventTime)
{
    /// <summary>The alert's labels (templates already expanded). Default none.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The alert's annotations (templates already expanded). Default none.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}
