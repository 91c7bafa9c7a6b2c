namespace MetricStream.Sinks.Resilience.Internal;

/// <summary>Reads an HTTP answer's <c>Retry-After</c> (seconds or an HTTP date).</summary>
internal static class RetryAfterHeader
{
    /// <summary>How long the server asked to wait, or null when it did not say (or named a past date).</summary>
    public static TimeSpan? Read(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        // An HTTP date is relative to the server's clock; the Date header gives the same clock.
        return header?.Date is { } date && response.Headers.Date is { } now && date > now ? date - now : null;
    }
}
