using MetricStream.Sinks.Resilience;

namespace MetricStream.Sinks.Webhook;

/// <summary>The notifier's counters since start (for <c>/metrics</c>).</summary>
/// <param name="Notifications">Notifications handed to <see cref="WebhookNotifier.NotifyAsync"/>.</param>
/// <param name="Delivered">Notifications the receiver answered 2xx.</param>
/// <param name="DeadLettered">Notifications dead-lettered (rejected with a 4xx, or attempts/retry time exhausted).</param>
/// <param name="Requests">HTTP requests made.</param>
/// <param name="FailedRequests">Requests that failed in a retryable way (connection error, timeout, 5xx, 408, 429).</param>
/// <param name="Retries">Retries scheduled after a failed request.</param>
/// <param name="InFlight">Notifications neither delivered nor dead-lettered yet.</param>
/// <param name="Circuit">The circuit breaker's state now.</param>
/// <param name="BreakerOpenings">How many times the breaker opened.</param>
public sealed record WebhookNotifierSnapshot(
    long Notifications,
    long Delivered,
    long DeadLettered,
    long Requests,
    long FailedRequests,
    long Retries,
    long InFlight,
    CircuitState Circuit,
    long BreakerOpenings);
