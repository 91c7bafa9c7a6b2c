namespace MetricStream.Sinks.InfluxDB;

/// <summary>
/// Where one destination (e.g. <c>raw</c>, <c>rollup_1m</c>, <c>rollup_1h</c>, <c>alerts</c>) is written:
/// a database and retention policy in V1, a bucket in V2. Every target holds every destination.
/// </summary>
public sealed class InfluxDestinationOptions
{
    /// <summary>V1: the database. Default <c>metrics</c>.</summary>
    public string Database { get; init; } = "metrics";

    /// <summary>V1: the retention policy, created on start if missing. Default: the destination's name.</summary>
    public string? RetentionPolicy { get; init; }

    /// <summary>
    /// V1: how long the retention policy keeps data. Default: 30 days for a destination named <c>raw</c>,
    /// 365 days for any other. An existing policy's duration is set to this on start.
    /// </summary>
    public TimeSpan? RetentionDuration { get; init; }

    /// <summary>V2: the bucket. Default: <see cref="Database"/>/<c>&lt;retention policy&gt;</c> as the 1.x compatibility mapping names it.</summary>
    public string? Bucket { get; init; }

    /// <summary>The built-in destinations: <c>raw</c>, <c>rollup_1m</c>, <c>rollup_1h</c>, <c>alerts</c>, all in database <c>metrics</c>.</summary>
    public static IReadOnlyDictionary<string, InfluxDestinationOptions> Defaults(string database = "metrics") =>
        new Dictionary<string, InfluxDestinationOptions>(StringComparer.Ordinal)
        {
            ["raw"] = new() { Database = database },
            ["rollup_1m"] = new() { Database = database },
            ["rollup_1h"] = new() { Database = database },
            ["alerts"] = new() { Database = database },
        };

    internal string RetentionPolicyFor(string destination) => RetentionPolicy ?? destination;

    internal TimeSpan RetentionFor(string destination) =>
        RetentionDuration ?? (destination == "raw" ? TimeSpan.FromDays(30) : TimeSpan.FromDays(365));

    internal string BucketFor(string destination) => Bucket ?? $"{Database}/{RetentionPolicyFor(destination)}";
}
