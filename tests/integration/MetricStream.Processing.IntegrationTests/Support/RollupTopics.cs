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

    /// <summary>Loads rollups.yaml with this run's topics; <paramref name="oneMinuteOnly"/> cuts the file before the 1-hour window.</summary>
    public Topology.Topology LoadRollups(bool oneMinuteOnly = false)
    {
        var path = Path.Combine(RepositoryRoot(), "topologies", "rollups.yaml");
        var text = File.ReadAllText(path);
        if (oneMinuteOnly)
        {
            text = text[..text.IndexOf("  - name: rollup-1h\n", StringComparison.Ordinal)];
        }

        var yaml = text
            .Replace("metrics.points", Points, StringComparison.Ordinal)
            .Replace("metrics.rollup.1m", Rollup1m, StringComparison.Ordinal)
            .Replace("metrics.rollup.1h", Rollup1h, StringComparison.Ordinal)
            .Replace("metrics.late", Late, StringComparison.Ordinal);
        return TopologyLoader.Load(yaml, path);
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
