namespace MetricStream.Sinks.Resilience.Internal;

/// <summary>Exponential backoff with jitter: attempt n waits a random time in [d/2, d) with d = base x 2^n, capped.</summary>
internal static class Backoff
{
    /// <summary>The delay before retry number <paramref name="attempt"/> (0-based), at least <paramref name="retryAfter"/> when the server asked.</summary>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, TimeSpan? retryAfter, Random random)
    {
        var exponential = baseDelay.Ticks * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(exponential, maxDelay.Ticks);
        var jittered = TimeSpan.FromTicks((long)((capped / 2) + (random.NextDouble() * capped / 2)));
        return retryAfter is { } asked && asked > jittered ? asked : jittered;
    }
}
