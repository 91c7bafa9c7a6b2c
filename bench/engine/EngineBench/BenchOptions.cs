using System.Globalization;

namespace MetricStream.Bench.Engine;

/// <summary>Command-line arguments of the engine benchmark (see bench/engine/run.sh for their meaning).</summary>
internal sealed record BenchOptions
{
    public long Points { get; init; } = 1_000_000;

    public int Series { get; init; } = 20_000;

    public int Partitions { get; init; } = 32;

    public int RequestPoints { get; init; } = 5_000;

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    public int Fields { get; init; } = 4;

    public int StateSeries { get; init; } = 1_000_000;

    public int StateFields { get; init; } = 1;

    public string Topology { get; init; } = "topologies/rollups.yaml";

    public bool SkipState { get; init; }

    public bool StateOnly { get; init; }

    public bool ProcessOnly { get; init; }

    public TimeSpan? CommitInterval { get; init; }

    public int? TaskInputCapacity { get; init; }

    public bool NoChangelog { get; init; }

    public static BenchOptions Parse(string[] args)
    {
        string? Arg(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        static long Number(string text) => long.Parse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture);

        var defaults = new BenchOptions();
        return new BenchOptions
        {
            Points = Arg("--points") is { } n ? Number(n) : defaults.Points,
            Series = Arg("--series") is { } k ? (int)Number(k) : defaults.Series,
            Partitions = Arg("--partitions") is { } p ? (int)Number(p) : defaults.Partitions,
            RequestPoints = Arg("--request-points") is { } r ? (int)Number(r) : defaults.RequestPoints,
            Interval = Arg("--interval-seconds") is { } s ? TimeSpan.FromSeconds(Number(s)) : defaults.Interval,
            Fields = Arg("--fields") is { } f ? (int)Number(f) : defaults.Fields,
            StateSeries = Arg("--state-series") is { } ss ? (int)Number(ss) : defaults.StateSeries,
            StateFields = Arg("--state-fields") is { } sf ? (int)Number(sf) : defaults.StateFields,
            Topology = Arg("--topology") ?? defaults.Topology,
            SkipState = args.Contains("--skip-state"),
            StateOnly = args.Contains("--state-only"),
            ProcessOnly = args.Contains("--process-only"),
            NoChangelog = args.Contains("--no-changelog"),
            TaskInputCapacity = Arg("--task-capacity") is { } tc ? (int)Number(tc) : null,
            CommitInterval = Arg("--commit-interval-ms") is { } c ? TimeSpan.FromMilliseconds(Number(c)) : null,
        };
    }
}
