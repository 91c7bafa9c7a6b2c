using MetricStream.Observability.Metrics;
using MetricStream.Sinks.Resilience;
using MetricStream.Sinks.Webhook;

namespace MetricStream.Host.Admin.Metrics;

/// <summary>
/// Writes the <c>metricstream_webhook_*</c> families, one sample per configured webhook, from
/// <see cref="WebhookNotifier.Snapshot"/>; the headers are written even when no webhook is configured.
/// </summary>
internal static class WebhookMetricsCollector
{
    private const string Prefix = "metricstream_webhook_";

    private static readonly (string Name, string Help, MetricType Type, Func<WebhookNotifierSnapshot, double> Read)[] Figures =
    [
        ("notifications_total", "Alert notifications handed to the webhook, by webhook.", MetricType.Counter, s => s.Notifications),
        ("delivered_total", "Notifications the receiver answered 2xx, by webhook.", MetricType.Counter, s => s.Delivered),
        ("dead_lettered_total", "Notifications dead-lettered (rejected with a 4xx, or retries exhausted), by webhook.", MetricType.Counter, s => s.DeadLettered),
        ("requests_total", "HTTP requests made, by webhook.", MetricType.Counter, s => s.Requests),
        ("failed_requests_total", "Requests that failed in a retryable way (connection error, timeout, 5xx, 408, 429), by webhook.", MetricType.Counter, s => s.FailedRequests),
        ("retries_total", "Retries scheduled after a failed request, by webhook.", MetricType.Counter, s => s.Retries),
        ("in_flight", "Notifications neither delivered nor dead-lettered yet, by webhook.", MetricType.Gauge, s => s.InFlight),
        ("circuit_open", "1 while the webhook's circuit breaker is open (no requests until it half-opens), else 0.", MetricType.Gauge, s => s.Circuit == CircuitState.Open ? 1 : 0),
    ];

    /// <summary>Writes every family.</summary>
    /// <param name="writer">The scrape.</param>
    /// <param name="notifiers">The webhooks by name, or null when the process has none.</param>
    public static void Write(MetricsWriter writer, IReadOnlyDictionary<string, WebhookNotifier>? notifiers)
    {
        var snapshots = (notifiers ?? new Dictionary<string, WebhookNotifier>())
            .OrderBy(n => n.Key, StringComparer.Ordinal)
            .Select(n => (n.Key, Snapshot: n.Value.Snapshot()))
            .ToList();
        foreach (var (name, help, type, read) in Figures)
        {
            if (writer.Family(Prefix + name, help, type))
            {
                foreach (var (webhook, snapshot) in snapshots)
                {
                    writer.Sample(read(snapshot), ("webhook", webhook));
                }
            }
        }
    }
}
