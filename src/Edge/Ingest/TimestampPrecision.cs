namespace MetricStream.Edge.Ingest;

/// <summary>
/// The unit of the timestamps in a write request (InfluxDB's <c>precision</c> query parameter). Each value
/// is the number of nanoseconds in one unit.
/// </summary>
public enum TimestampPrecision : long
{
    /// <summary>Nanoseconds (<c>ns</c>, or <c>n</c> on the 1.x API); the line protocol default.</summary>
    Nanoseconds = 1,

    /// <summary>Microseconds (<c>us</c>, or <c>u</c> on the 1.x API).</summary>
    Microseconds = 1_000,

    /// <summary>Milliseconds (<c>ms</c>).</summary>
    Milliseconds = 1_000_000,

    /// <summary>Seconds (<c>s</c>).</summary>
    Seconds = 1_000_000_000,

    /// <summary>Minutes (<c>m</c>, 1.x API only).</summary>
    Minutes = 60_000_000_000,

    /// <summary>Hours (<c>h</c>, 1.x API only).</summary>
    Hours = 3_600_000_000_000,
}
