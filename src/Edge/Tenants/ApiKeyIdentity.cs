namespace MetricStream.Edge.Tenants;

/// <summary>Who a valid API key belongs to.</summary>
/// <param name="Tenant">The tenant every point written with the key is attributed to.</param>
/// <param name="Role">What the key may do.</param>
public sealed record ApiKeyIdentity(string Tenant, KeyRole Role);
