namespace MetricStream.Edge.Tenants;

/// <summary>What an API key may do.</summary>
public enum KeyRole
{
    /// <summary>Write points (every write endpoint) as the key's tenant.</summary>
    Write,

    /// <summary>Write points as the key's tenant, and read and change every tenant's policies through <c>/admin</c>.</summary>
    Admin,
}
