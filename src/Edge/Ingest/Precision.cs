namespace MetricStream.Edge.Ingest;

/// <summary>Parsing of the <c>precision</c> query parameter and scaling of timestamps to nanoseconds.</summary>
public static class Precision
{
    /// <summary>
    /// Parses a precision as the InfluxDB 2.x API takes it (<c>ns</c>, <c>us</c>, <c>ms</c>, <c>s</c>) or, when
    /// <paramref name="v1"/> is true, as the 1.x API takes it (also <c>n</c>, <c>u</c>, <c>m</c>, <c>h</c>).
    /// A null or empty value yields <paramref name="fallback"/>.
    /// </summary>
    /// <param name="text">The query parameter value, or null.</param>
    /// <param name="v1">Accept the 1.x spellings too.</param>
    /// <param name="fallback">The precision when none is given.</param>
    /// <param name="precision">The parsed precision.</param>
    /// <returns>False when the value is not a known precision.</returns>
    public static bool TryParse(string? text, bool v1, TimestampPrecision fallback, out TimestampPrecision precision)
    {
        precision = fallback;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        TimestampPrecision? parsed = text switch
        {
            "ns" => TimestampPrecision.Nanoseconds,
            "us" => TimestampPrecision.Microseconds,
            "ms" => TimestampPrecision.Milliseconds,
            "s" => TimestampPrecision.Seconds,
            "n" when v1 => TimestampPrecision.Nanoseconds,
            "u" when v1 => TimestampPrecision.Microseconds,
            "m" when v1 => TimestampPrecision.Minutes,
            "h" when v1 => TimestampPrecision.Hours,
            _ => null,
        };
        if (parsed is null)
        {
            return false;
        }

        precision = parsed.Value;
        return true;
    }

    /// <summary>
    /// Converts <paramref name="value"/> units of <paramref name="precision"/> to nanoseconds since the epoch.
    /// </summary>
    /// <param name="value">The timestamp in units of <paramref name="precision"/>.</param>
    /// <param name="precision">Its unit.</param>
    /// <param name="nanoseconds">The timestamp in nanoseconds.</param>
    /// <returns>False when the result does not fit a signed 64-bit nanosecond count (years 1677 to 2262).</returns>
    public static bool TryToNanoseconds(long value, TimestampPrecision precision, out long nanoseconds)
    {
        var factor = (long)precision;
        if (value > long.MaxValue / factor || value < long.MinValue / factor)
        {
            nanoseconds = 0;
            return false;
        }

        nanoseconds = value * factor;
        return true;
    }

    /// <summary>Nanoseconds since the Unix epoch of <paramref name="time"/>.</summary>
    /// <param name="time">A point in time.</param>
    /// <returns>The nanosecond count (100 ns resolution).</returns>
    public static long ToUnixNanoseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
}
