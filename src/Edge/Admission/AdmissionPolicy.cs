namespace MetricStream.Edge.Admission;

/// <summary>
/// One admission rule of one tenant (an instance per tenant, holding that tenant's state). Implementations
/// must be thread-safe: concurrent requests of a tenant call <see cref="Admit"/> at the same time.
/// </summary>
public abstract class AdmissionPolicy
{
    /// <summary>
    /// The largest body this policy allows, in bytes, applied to the body as sent and after decompression
    /// (the edge's global limits still apply); null for no limit. Checked before the body is read.
    /// </summary>
    public virtual long? BodyLimit => null;

    /// <summary>
    /// Decides on a parsed request. A policy that admits may consume capacity (tokens, new-series budget);
    /// a later policy refusing the same request does not give it back.
    /// </summary>
    /// <param name="request">The request's valid points.</param>
    /// <returns>The decision.</returns>
    public abstract AdmissionDecision Admit(AdmissionRequest request);
}
