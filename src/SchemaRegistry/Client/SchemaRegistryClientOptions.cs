namespace MetricStream.SchemaRegistry.Client;

/// <summary>
/// Settings of a <see cref="SchemaRegistryClient"/>. Transient failures (connection refused, a request
/// slower than <see cref="RequestTimeout"/>, HTTP 5xx, 408 and 429) are retried up to
/// <see cref="MaxAttempts"/> attempts in all, with exponential backoff and jitter: before attempt n+1 the
/// client waits a random time between half and all of <c>min(MaxBackoff, InitialBackoff * 2^(n-1))</c>.
/// Other answers (4xx) are not retried.
/// </summary>
public sealed record SchemaRegistryClientOptions
{
    /// <summary>Base URL of the registry, e.g. <c>http://127.0.0.1:8081</c>. Required.</summary>
    public required Uri Url { get; init; }

    /// <summary>Upper bound of one HTTP attempt. Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts per call, the first included; 1 disables retries. Default 5.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Backoff before the second attempt (before jitter). Default 100 ms.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Largest backoff between two attempts (before jitter). Default 5 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);
}
