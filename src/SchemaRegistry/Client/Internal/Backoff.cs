namespace MetricStream.SchemaRegistry.Client.Internal;

/// <summary>
/// Exponential backoff with "equal jitter": before attempt n+1 wait between half and all of
/// <c>min(max, initial * 2^(n-1))</c>. Half is fixed so retries never stampede at zero delay; the random half
/// spreads clients that failed together.
/// </summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan max, Func<double> jitter)
{
    /// <summary>The pause after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan After(int attempt)
    {
        var exponent = Math.Min(attempt - 1, 30);
        var ceiling = Math.Min(max.Ticks, initial.Ticks * (double)(1L << exponent));
        var fraction = Math.Clamp(jitter(), 0, 1);
        return TimeSpan.FromTicks((long)((ceiling / 2) + (ceiling / 2 * fraction)));
    }
}
