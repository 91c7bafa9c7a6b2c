using System.Collections.Concurrent;
using System.Text.Json;

namespace MetricStream.Edge.Admission;

/// <summary>
/// Every tenant's admission policies, changeable at run time. A tenant without its own configuration runs
/// the default policy set, with instances (and state, e.g. its token bucket) of its own. Replacing a tenant's
/// policies makes new instances: their state starts fresh (a token bucket starts full).
/// </summary>
/// <remarks>
/// When a file is given, tenants' own configurations are loaded from it at start and every change is
/// written back (new file, then rename), as <c>{ "tenants": { "acme": { "token-bucket": { ... } } } }</c>.
/// Thread-safe: lookups are lock-free; changes are serialized by a lock.
/// </remarks>
public sealed class TenantPolicyStore
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly AdmissionPolicyRegistry _registry;
    private readonly IReadOnlyList<(string Name, IPolicySettings Settings)> _defaults;
    private readonly TimeProvider _time;
    private readonly string? _file;
    private readonly ConcurrentDictionary<string, TenantPolicies> _tenants = new(StringComparer.Ordinal);
    private readonly Lock _writeLock = new();

    /// <summary>Creates the store.</summary>
    /// <param name="registry">Known policies.</param>
    /// <param name="defaults">The default policy set as JSON (<c>{ "token-bucket": { ... } }</c>); null or empty for none.</param>
    /// <param name="time">Clock for the policies.</param>
    /// <param name="file">Where tenants' own configurations persist; null to keep them in memory only.</param>
    /// <exception cref="PolicyValidationException">The defaults or the file's configurations are invalid.</exception>
    public TenantPolicyStore(AdmissionPolicyRegistry registry, JsonElement? defaults = null, TimeProvider? time = null, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
        _time = time ?? TimeProvider.System;
        _defaults = defaults is { ValueKind: JsonValueKind.Object } d ? registry.Parse(d) : [];
        _file = file;
        if (file is not null && File.Exists(file))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            if (document.RootElement.TryGetProperty("tenants", out var tenants) && tenants.ValueKind == JsonValueKind.Object)
            {
                foreach (var tenant in tenants.EnumerateObject())
                {
                    _tenants[tenant.Name] = Build(registry.Parse(tenant.Value), isDefault: false);
                }
            }
        }
    }

    /// <summary>The tenant's policies (its own, or its instances of the defaults).</summary>
    /// <param name="tenant">The tenant.</param>
    /// <returns>The policies.</returns>
    public TenantPolicies Get(string tenant) =>
        _tenants.TryGetValue(tenant, out var policies) ? policies : _tenants.GetOrAdd(tenant, _ => Build(_defaults, isDefault: true));

    /// <summary>Replaces the tenant's policies with <paramref name="policies"/> (a JSON object; empty for no limits).</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="policies">The new policy set.</param>
    /// <returns>The new policies.</returns>
    /// <exception cref="PolicyValidationException">The configuration is invalid; nothing changed.</exception>
    public TenantPolicies Set(string tenant, JsonElement policies)
    {
        var parsed = _registry.Parse(policies);
        lock (_writeLock)
        {
            var built = Build(parsed, isDefault: false);
            _tenants[tenant] = built;
            Persist();
            return built;
        }
    }

    /// <summary>Drops the tenant's own policies: it runs fresh instances of the defaults again.</summary>
    /// <param name="tenant">The tenant.</param>
    public void Reset(string tenant)
    {
        lock (_writeLock)
        {
            _tenants.TryRemove(tenant, out _);
            Persist();
        }
    }

    private TenantPolicies Build(IReadOnlyList<(string Name, IPolicySettings Settings)> settings, bool isDefault) =>
        new(settings, settings.Select(s => _registry.Create(s.Name, s.Settings, _time)).ToList(), isDefault);

    private void Persist()
    {
        if (_file is null)
        {
            return;
        }

        var own = _tenants.Where(t => !t.Value.IsDefault).OrderBy(t => t.Key, StringComparer.Ordinal)
            .ToDictionary(t => t.Key, t => AdmissionPolicyRegistry.ToJson(t.Value.Settings), StringComparer.Ordinal);
        var temp = _file + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(new { tenants = own }, Indented));
        File.Move(temp, _file, overwrite: true);
    }
}
