namespace MetricStream.Edge.Admission;

/// <summary>Settings of the <c>max-body</c> policy.</summary>
public sealed record MaxBodySettings : IPolicySettings
{
    /// <summary>Largest request body in bytes, as sent and after decompression. Required, at least 1.</summary>
    public long Bytes { get; init; }

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (Bytes < 1)
        {
            yield return "bytes must be at least 1";
        }
    }
}

/// <summary><c>max-body</c>: a per-tenant body size limit (HTTP 413 above it), below the edge's global limits.</summary>
/// <param name="settings">The limit.</param>
public sealed class MaxBodyPolicy(MaxBodySettings settings) : AdmissionPolicy
{
    /// <inheritdoc />
    public override long? BodyLimit => settings.Bytes;

    /// <inheritdoc />
    public override AdmissionDecision Admit(AdmissionRequest request) => AdmissionDecision.Admit;
}
