namespace MetricStream.Edge.Admission;

/// <summary>The policy instances of one tenant, in evaluation order. Immutable; thread-safe (the policies are).</summary>
public sealed class TenantPolicies
{
    internal TenantPolicies(IReadOnlyList<(string Name, IPolicySettings Settings)> settings, IReadOnlyList<AdmissionPolicy> policies, bool isDefault)
    {
        Settings = settings;
        Policies = policies;
        IsDefault = isDefault;
        BodyLimit = policies.Select(p => p.BodyLimit).Where(l => l.HasValue).Min();
    }

    /// <summary>The settings the instances were made from, in evaluation order.</summary>
    public IReadOnlyList<(string Name, IPolicySettings Settings)> Settings { get; }

    /// <summary>The instances, in evaluation order.</summary>
    public IReadOnlyList<AdmissionPolicy> Policies { get; }

    /// <summary>True when the tenant has no policies of its own and runs the defaults.</summary>
    public bool IsDefault { get; }

    /// <summary>The smallest <see cref="AdmissionPolicy.BodyLimit"/>, or null.</summary>
    public long? BodyLimit { get; }

    /// <summary>Runs the policies in order; the first refusal is the answer.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The decision.</returns>
    public AdmissionDecision Admit(AdmissionRequest request)
    {
        foreach (var policy in Policies)
        {
            var decision = policy.Admit(request);
            if (!decision.Admitted)
            {
                return decision;
            }
        }

        return AdmissionDecision.Admit;
    }
}
