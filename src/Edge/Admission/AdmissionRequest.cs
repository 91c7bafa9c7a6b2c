namespace MetricStream.Edge.Admission;

/// <summary>What a policy decides on: the tenant's valid points of one request, after parsing and validation.</summary>
/// <param name="Tenant">The tenant (from the API key).</param>
/// <param name="Points">Number of valid points in the request.</param>
/// <param name="SeriesHashes">A 64-bit hash of the series key of each valid point (duplicates possible).</param>
public sealed record AdmissionRequest(string Tenant, int Points, IReadOnlyList<ulong> SeriesHashes);
