namespace MetricStream.Sinks.Webhook.Internal;

/// <summary>What an answer means for the notification.</summary>
internal enum WebhookOutcomeKind
{
    /// <summary>2xx: delivered.</summary>
    Delivered,

    /// <summary>A 4xx other than 408 and 429: the receiver refuses it; retrying cannot help.</summary>
    Rejected,

    /// <summary>Connection error, timeout, 5xx, 408, 429: retry later.</summary>
    Retry,
}

/// <summary>A classified answer.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Message">The status and body start, or the exception message.</param>
/// <param name="RetryAfter">The server's <c>Retry-After</c>, when it sent one.</param>
internal readonly record struct WebhookOutcome(WebhookOutcomeKind Kind, string Message, TimeSpan? RetryAfter);
