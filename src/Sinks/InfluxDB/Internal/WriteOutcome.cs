namespace MetricStream.Sinks.InfluxDB.Internal;

/// <summary>What a write request's answer means for its lines.</summary>
internal enum WriteOutcomeKind
{
    /// <summary>2xx: every line is stored.</summary>
    Success,

    /// <summary>400 or 413: some line is bad (or the body too large); split the batch.</summary>
    Rejected,

    /// <summary>5xx, 429, timeout, connection error, other 4xx: retry later (maybe elsewhere).</summary>
    Retry,
}

/// <summary>A classified answer.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Message">InfluxDB's error text or the exception message.</param>
/// <param name="RetryAfter">The server's <c>Retry-After</c>, when it sent one.</param>
/// <param name="DatabaseMissing">V1 answered 404 "database not found": provision again.</param>
internal readonly record struct WriteOutcome(WriteOutcomeKind Kind, string? Message, TimeSpan? RetryAfter, bool DatabaseMissing = false);
