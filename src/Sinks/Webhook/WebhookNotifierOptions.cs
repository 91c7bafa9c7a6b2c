namespace MetricStream.Sinks.Webhook;

/// <summary>
/// Where and how <see cref="WebhookNotifier"/> posts. A notification is retried on connection errors, timeouts,
/// 5xx, 408 and 429 until it is delivered, <see cref="MaxAttempts"/> requests failed, or the next attempt would
/// start later than <see cref="MaxRetryDuration"/> after the notification arrived; then it is dead-lettered.
/// </summary>
public sealed record WebhookNotifierOptions
{
    /// <summary>The receiver's URL; notifications are POSTed to it as JSON. Required.</summary>
    public required Uri Url { get; init; }

    /// <summary>Names the notifier in dead letters (stage <c>webhook:&lt;name&gt;</c>) and logs. Default <c>webhook</c>.</summary>
    public string Name { get; init; } = "webhook";

    /// <summary>Headers sent with every request, e.g. <c>Authorization: Bearer ...</c>. Default none.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>How long one request may take before it counts as failed (and is retried). Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests per notification before it is dead-lettered, the first included. Default 10.</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>
    /// How long after it arrived a notification may still be retried (time waiting for an open breaker included).
    /// A retry that would start later, e.g. because of a long <c>Retry-After</c>, is not made: the notification
    /// is dead-lettered at once. Default 5 minutes.
    /// </summary>
    public TimeSpan MaxRetryDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The first retry delay; it doubles per attempt (each delay uniform in [d/2, d)). Default 500 ms.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest backoff delay (a longer <c>Retry-After</c> is honoured). Default 30 s.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Consecutive failed requests that open the circuit breaker. Default 5.</summary>
    public int BreakerFailureThreshold { get; init; } = 5;

    /// <summary>How long an open breaker holds every request back before one probe may go. Default 30 s.</summary>
    public TimeSpan BreakerOpenDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests in flight at once (further notifications wait for a slot). Default 4.</summary>
    public int MaxConcurrentRequests { get; init; } = 4;

    /// <summary>The time source for timeouts, backoff and the breaker. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Url);
        if (!Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"the webhook URL must be absolute http(s), not '{Url}'", nameof(Url));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(Name);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentRequests, 1, nameof(MaxConcurrentRequests));
        ArgumentOutOfRangeException.ThrowIfLessThan(BreakerFailureThreshold, 1, nameof(BreakerFailureThreshold));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero, nameof(RequestTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDuration, TimeSpan.Zero, nameof(MaxRetryDuration));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RetryBaseDelay, TimeSpan.Zero, nameof(RetryBaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryMaxDelay, RetryBaseDelay, nameof(RetryMaxDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(BreakerOpenDuration, TimeSpan.Zero, nameof(BreakerOpenDuration));
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
