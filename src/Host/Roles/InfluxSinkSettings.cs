using MetricStream.Sinks.InfluxDB;

namespace MetricStream.Host.Roles;

/// <summary>
/// Configuration section <c>Sinks:InfluxDB</c>: where topologies' <c>influxdb: &lt;destination&gt;</c> sinks write.
/// Read by <c>metricstream process</c> (targets from here or <c>--influxdb</c>) and <c>metricstream up</c> (which
/// points it at its local influxd when no target is configured).
/// </summary>
/// <example>
/// <code>
/// "Sinks": { "InfluxDB": {
///   "Mode": "v1",
///   "Targets": [ { "Name": "a", "Url": "http://10.0.0.1:8086" }, { "Name": "b", "Url": "http://10.0.0.2:8086" } ],
///   "Routing": "tenant-hash",
///   "Destinations": { "raw": { "Database": "metrics", "RetentionPolicy": "raw" }, "rollup_1m": { "Bucket": "rollups" } } } }
/// </code>
/// </example>
internal sealed class InfluxSinkSettings
{
    public const string Section = "Sinks:InfluxDB";

    /// <summary><c>v1</c> (<c>/write?db=&amp;rp=</c>, provisions databases and retention policies) or <c>v2</c> (<c>/api/v2/write?org=&amp;bucket=</c>). Default v1.</summary>
    public string Mode { get; set; } = "v1";

    /// <summary>Comma-separated server URLs, a shortcut for <see cref="Targets"/> (targets named <c>influx-1</c>, ...).</summary>
    public string? Urls { get; set; }

    /// <summary>The servers; each needs a Name and a Url. Empty: <see cref="Urls"/>.</summary>
    public List<InfluxTargetSettings> Targets { get; set; } = [];

    /// <summary>API token for every target given by <see cref="Urls"/> (v2; v1 1.8+ accepts it too).</summary>
    public string? Token { get; set; }

    /// <summary>Organisation for every target given by <see cref="Urls"/> (v2).</summary>
    public string? Organization { get; set; }

    /// <summary>The routing strategy's name (<c>tenant-hash</c>, <c>least-loaded</c>, or a registered one). Default tenant-hash.</summary>
    public string Routing { get; set; } = "tenant-hash";

    /// <summary>The database of the built-in destinations (raw, rollup_1m, rollup_1h, alerts). Default <c>metrics</c>.</summary>
    public string Database { get; set; } = "metrics";

    /// <summary>Destinations by name; each replaces the built-in one of that name.</summary>
    public Dictionary<string, InfluxDestinationSettings> Destinations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>v1: create databases and retention policies on start. Default true.</summary>
    public bool Provision { get; set; } = true;

    /// <summary>Compress request bodies. Default true (not for loopback targets unless <see cref="GzipLoopback"/>).</summary>
    public bool Gzip { get; set; } = true;

    /// <summary>Compress for targets on this host too. Default false (saves influxd CPU, no network to save).</summary>
    public bool GzipLoopback { get; set; }

    /// <summary>Lines per batch at most. Default 5,000.</summary>
    public int BatchMaxLines { get; set; } = 5000;

    /// <summary>Longest wait before a batch is sent, however small. Default 1 s.</summary>
    public TimeSpan BatchLinger { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long stopping keeps trying to store what is still batched before giving up. Default 30 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>True when at least one target is configured.</summary>
    public bool HasTargets => Targets.Count > 0 || !string.IsNullOrWhiteSpace(Urls);

    /// <summary>Builds the writer's options.</summary>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentException">A value is unusable (the message names it).</exception>
    public InfluxSinkOptions ToOptions()
    {
        var api = Mode.Trim().ToUpperInvariant() switch
        {
            "V1" or "1" => InfluxApiVersion.V1,
            "V2" or "2" or "V3" or "3" => InfluxApiVersion.V2,
            _ => throw new ArgumentException($"Sinks:InfluxDB:Mode must be v1 or v2 (got '{Mode}')"),
        };
        var destinations = new Dictionary<string, InfluxDestinationOptions>(InfluxDestinationOptions.Defaults(Database), StringComparer.Ordinal);
        foreach (var (name, destination) in Destinations)
        {
            destinations[name] = new InfluxDestinationOptions
            {
                Database = destination.Database ?? Database,
                RetentionPolicy = destination.RetentionPolicy,
                RetentionDuration = destination.RetentionDuration,
                Bucket = destination.Bucket,
            };
        }

        var options = new InfluxSinkOptions
        {
            Api = api,
            Targets = BuildTargets(),
            Destinations = destinations,
            RoutingStrategy = Routing,
            Provision = Provision,
            Gzip = Gzip,
            GzipLoopback = GzipLoopback,
            BatchMaxLines = BatchMaxLines,
            BatchLinger = BatchLinger,
            ShutdownTimeout = ShutdownTimeout,
        };
        options.Validate();
        return options;
    }

    private List<InfluxTargetOptions> BuildTargets()
    {
        if (Targets.Count > 0)
        {
            return Targets.Select((t, i) => new InfluxTargetOptions
            {
                Name = string.IsNullOrWhiteSpace(t.Name) ? $"influx-{i + 1}" : t.Name,
                Url = ParseUrl(t.Url),
                Token = t.Token,
                Organization = t.Organization,
                Username = t.Username,
                Password = t.Password,
            }).ToList();
        }

        return (Urls ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select((url, i) => new InfluxTargetOptions { Name = $"influx-{i + 1}", Url = ParseUrl(url), Token = Token, Organization = Organization })
            .ToList();
    }

    private static Uri ParseUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps)
            ? parsed
            : throw new ArgumentException($"InfluxDB URL must be an http(s) URL such as http://127.0.0.1:8086 (got '{url}')");
}

/// <summary>One server in <see cref="InfluxSinkSettings.Targets"/>.</summary>
internal sealed class InfluxTargetSettings
{
    /// <summary>Name in metrics and logs; default <c>influx-N</c>.</summary>
    public string? Name { get; set; }

    /// <summary>Base URL. Required.</summary>
    public string? Url { get; set; }

    /// <summary>API token (v2).</summary>
    public string? Token { get; set; }

    /// <summary>Organisation (v2).</summary>
    public string? Organization { get; set; }

    /// <summary>User name (v1 with auth).</summary>
    public string? Username { get; set; }

    /// <summary>Password (v1 with auth).</summary>
    public string? Password { get; set; }
}

/// <summary>One destination in <see cref="InfluxSinkSettings.Destinations"/>.</summary>
internal sealed class InfluxDestinationSettings
{
    /// <summary>v1 database; default <see cref="InfluxSinkSettings.Database"/>.</summary>
    public string? Database { get; set; }

    /// <summary>v1 retention policy; default the destination's name.</summary>
    public string? RetentionPolicy { get; set; }

    /// <summary>v1 retention; default 30 days for raw, 365 for others.</summary>
    public TimeSpan? RetentionDuration { get; set; }

    /// <summary>v2 bucket; default <c>database/retention-policy</c>.</summary>
    public string? Bucket { get; set; }
}
