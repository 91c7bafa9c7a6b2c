using MetricStream.Processing.Topology;
using MetricStream.Testing;

namespace MetricStream.Processing.IntegrationTests.Support;

/// <summary>
/// Unique topics for one run of <c>topologies/rollups.yaml</c>, and the shipped file loaded with its topic
/// names replaced by them (the file itself is used, so the test runs what ships).
/// </summary>
internal sealed record RollupTopics(string Points, string Rollup1m, string Rollup1h, string Late, string DeadLetters)
{
    public static RollupTopics Create(EmbeddedKafkaFixture kafka) => new(
        kafka.CreateTopic("points", partitions: 3),
        kafka.CreateTopic("rollup1m", partitions: 3),
        kafka.CreateTopic("rollup1h", partitions: 3),
        kafka.CreateTopic("late", partitions: 3),
        kafka.CreateTopic("dead", partitions: 1));

    /// <summary>
    /// Loads rollups.yaml with this run's topics, without its InfluxDB sinks; <paramref name="oneMinuteOnly"/> cuts the file before the
    /// 1-hour window; <paramref name="idleTimeout"/> replaces the idle timeouts (e.g. <c>1h</c> so that a
    /// test on the real wall clock never closes windows on idle).
    /// </summary>
    public Topology.Topology LoadRollups(bool oneMinuteOnly = false, string? idleTimeout = null) =>
        TopologyLoader.Load(RollupsYaml(oneMinuteOnly, idleTimeout), Path.Combine(RepositoryRoot(), "topologies", "rollups.yaml"));

    /// <summary>The text of rollups.yaml with this run's topics (see <see cref="LoadRollups"/>), and topology name <paramref name="name"/> when given.</summary>
    public string RollupsYaml(bool oneMinuteOnly = false, string? idleTimeout = null, string? name = null)
    {
        var path = Path.Combine(RepositoryRoot(), "topologies", "rollups.yaml");
        var text = File.ReadAllText(path);

        // The InfluxDB sinks at the end of the file need an InfluxDB; these tests check the Kafka outputs only.
        var influx = text.IndexOf("  # InfluxDB:", StringComparison.Ordinal);
        if (influx > 0)
        {
            text = text[..influx];
        }

        if (oneMinuteOnly)
        {
            text = text[..text.IndexOf("  - name: rollup-1h\n", StringComparison.Ordinal)];
        }

        var yaml = text
            .Replace("metrics.points", Points, StringComparison.Ordinal)
            .Replace("metrics.rollup.1m", Rollup1m, StringComparison.Ordinal)
            .Replace("metrics.rollup.1h", Rollup1h, StringComparison.Ordinal)
            .Replace("metrics.late", Late, StringComparison.Ordinal);
        if (idleTimeout is not null)
        {
            yaml = yaml.Replace("timeout: 2m", $"timeout: {idleTimeout}", StringComparison.Ordinal);
        }

        return name is null ? yaml : yaml.Replace("topology: rollups\n", $"topology: {name}\n", StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "topologies", "rollups.yaml")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("no topologies/rollups.yaml above " + AppContext.BaseDirectory);
    }
}
