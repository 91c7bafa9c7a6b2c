namespace MetricStream.Edge.Admission;

/// <summary>A policy's answer: admit, or refuse with a reason and when to retry (HTTP 429 + <c>Retry-After</c>).</summary>
/// <param name="Admitted">True to let the request through.</param>
/// <param name="Reason">Why it was refused (null when admitted).</param>
/// <param name="RetryAfter">How long the client should wait before retrying (rounded up to whole seconds, at least 1, in the header).</param>
public readonly record struct AdmissionDecision(bool Admitted, string? Reason, TimeSpan RetryAfter)
{
    /// <summary>The request may proceed.</summary>
    public static AdmissionDecision Admit { get; } = new(true, null, TimeSpan.Zero);

    /// <summary>Refuses the request.</summary>
    /// <param name="reason">Why.</param>
    /// <param name="retryAfter">When a retry may succeed.</param>
    /// <returns>The decision.</returns>
    public static AdmissionDecision Throttle(string reason, TimeSpan retryAfter) => new(false, reason, retryAfter);
}
