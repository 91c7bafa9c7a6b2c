using System.Text.Json;
using System.Text.Json.Serialization;

namespace MetricStream.Edge.Admission;

/// <summary>
/// The admission policies an edge knows, by name, each with its settings type and a factory. Policies of a
/// tenant run in registration order, whatever order a configuration lists them in. Register custom policies
/// before the edge starts; the registry is read-only afterwards (not thread-safe for registration).
/// </summary>
public sealed class AdmissionPolicyRegistry
{
    /// <summary>How settings are read and written: camelCase, unknown members refused (a typo must not pass silently).</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };

    private readonly List<Registration> _registrations = [];

    /// <summary>
    /// A registry with the built-in policies, in this order: <c>max-body</c> (<see cref="MaxBodySettings"/>),
    /// <c>new-series</c> (<see cref="NewSeriesSettings"/>), <c>token-bucket</c> (<see cref="TokenBucketSettings"/>).
    /// </summary>
    /// <returns>The registry.</returns>
    public static AdmissionPolicyRegistry CreateDefault()
    {
        var registry = new AdmissionPolicyRegistry();
        registry.Register<MaxBodySettings>("max-body", (s, _) => new MaxBodyPolicy(s));
        registry.Register<NewSeriesSettings>("new-series", (s, time) => new NewSeriesPolicy(s, time));
        registry.Register<TokenBucketSettings>("token-bucket", (s, time) => new TokenBucketPolicy(s, time));
        return registry;
    }

    /// <summary>Registered names, in evaluation order.</summary>
    public IReadOnlyList<string> Names => _registrations.Select(r => r.Name).ToList();

    /// <summary>Registers a policy.</summary>
    /// <typeparam name="TSettings">Its settings type (deserialized from JSON with <see cref="JsonOptions"/>).</typeparam>
    /// <param name="name">Its name in configuration and the admin API, e.g. <c>token-bucket</c>.</param>
    /// <param name="create">Makes a tenant's instance from valid settings.</param>
    /// <exception cref="ArgumentException">The name is taken.</exception>
    public void Register<TSettings>(string name, Func<TSettings, TimeProvider, AdmissionPolicy> create)
        where TSettings : class, IPolicySettings
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        if (_registrations.Any(r => r.Name == name))
        {
            throw new ArgumentException($"An admission policy named '{name}' is already registered", nameof(name));
        }

        _registrations.Add(new Registration(name, typeof(TSettings), (settings, time) => create((TSettings)settings, time)));
    }

    /// <summary>
    /// Reads a policy set from a JSON object <c>{ "name": { settings }, ... }</c>, checking every name and
    /// setting. Returns the settings in evaluation order.
    /// </summary>
    /// <param name="policies">The JSON object.</param>
    /// <returns>The typed settings by name.</returns>
    /// <exception cref="PolicyValidationException">Unknown names, malformed or invalid settings (all problems listed).</exception>
    public IReadOnlyList<(string Name, IPolicySettings Settings)> Parse(JsonElement policies)
    {
        if (policies.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyValidationException(["policies must be a JSON object of policy name to settings"]);
        }

        var problems = new List<string>();
        var found = new Dictionary<string, IPolicySettings>(StringComparer.Ordinal);
        foreach (var property in policies.EnumerateObject())
        {
            var registration = _registrations.FirstOrDefault(r => r.Name == property.Name);
            if (registration is null)
            {
                problems.Add($"unknown policy '{property.Name}' (known: {string.Join(", ", Names)})");
                continue;
            }

            try
            {
                var settings = (IPolicySettings?)property.Value.Deserialize(registration.SettingsType, JsonOptions)
                    ?? throw new JsonException("settings must be an object");
                problems.AddRange(settings.Validate().Select(p => $"{property.Name}: {p}"));
                found[property.Name] = settings;
            }
            catch (JsonException ex)
            {
                problems.Add($"{property.Name}: {ex.Message}");
            }
        }

        if (problems.Count > 0)
        {
            throw new PolicyValidationException(problems);
        }

        return _registrations.Where(r => found.ContainsKey(r.Name)).Select(r => (r.Name, found[r.Name])).ToList();
    }

    /// <summary>Makes a tenant's policy instance.</summary>
    /// <param name="name">A registered name.</param>
    /// <param name="settings">Valid settings of that policy.</param>
    /// <param name="time">The clock for the instance.</param>
    /// <returns>The instance.</returns>
    public AdmissionPolicy Create(string name, IPolicySettings settings, TimeProvider time)
    {
        var registration = _registrations.FirstOrDefault(r => r.Name == name) ?? throw new ArgumentException($"unknown policy '{name}'", nameof(name));
        return registration.Create(settings, time);
    }

    /// <summary>Writes a policy set as the JSON object <see cref="Parse"/> reads.</summary>
    /// <param name="policies">Settings by name.</param>
    /// <returns>The JSON object.</returns>
    public static JsonElement ToJson(IEnumerable<(string Name, IPolicySettings Settings)> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var map = policies.ToDictionary(p => p.Name, p => JsonSerializer.SerializeToElement(p.Settings, p.Settings.GetType(), JsonOptions), StringComparer.Ordinal);
        return JsonSerializer.SerializeToElement(map, JsonOptions);
    }

    private sealed record Registration(string Name, Type SettingsType, Func<IPolicySettings, TimeProvider, AdmissionPolicy> Create);
}
