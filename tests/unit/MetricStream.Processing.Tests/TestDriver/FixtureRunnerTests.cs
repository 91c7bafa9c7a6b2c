using MetricStream.Processing.TestDriver.Fixtures;
using MetricStream.Processing.Tests.Support;
using MetricStream.Processing.Topology;

namespace MetricStream.Processing.Tests.TestDriver;

public class FixtureRunnerTests
{
    [Fact]
    public void RunDirectory_RollupsFixtures_AllPass()
    {
        var topology = TopologyLoader.LoadFile(Repo.RollupsYaml);

        var results = FixtureRunner.RunDirectory(topology, Repo.RollupFixtures);

        results.Should().HaveCountGreaterThanOrEqualTo(4);
        results.Where(r => !r.Passed).Select(r => r.ToString()).Should().BeEmpty();
    }

    [Fact]
    public void Run_WrongExpectation_GivesReadableDiff()
    {
        var topology = TopologyLoader.LoadFile(Repo.RollupsYaml);
        var path = Temp(File.ReadAllText(Path.Combine(Repo.RollupFixtures, "01-one-minute.yaml"))
            .Replace("count: 3, sum: 60", "count: 3, sum: 61", StringComparison.Ordinal));

        var result = FixtureRunner.Run(topology, path);

        result.Passed.Should().BeFalse();
        result.Differences.Should().ContainSingle();
        var lines = result.ToString().Split('\n');
        lines.Should().HaveCount(3);
        lines[0].Should().Be($"FAIL {path} (1-minute rollups per series, closed by stream time)");
        lines[1].Should().StartWith("  metrics.rollup.1m[0] { tenant: acme, series: cpu,host=a, field: usage, start: +0s, end: +1m, count: 3, sum: 60, min: 10, max: 30, mean: 20, last: 20, p50: 19.886670240866188, p95: 19.886670240866188, p99: 19.886670240866188 }")
            .And.EndWith("(expected at line 17):");
        lines[2].Should().Be("    sum: expected 61 but was 60 (relative tolerance 1E-09)");
    }

    [Fact]
    public void Run_MissingAndUnexpectedRecords_ListsThem()
    {
        var topology = TopologyLoader.LoadFile(Repo.RollupsYaml);
        var path = Temp(File.ReadAllText(Path.Combine(Repo.RollupFixtures, "02-grace-and-late.yaml"))
            .Replace("    metrics.late:\n      - { series: \"cpu,host=a\", at: +59s, fields: { usage: 100 } }\n", "    metrics.late: []\n", StringComparison.Ordinal));

        var result = FixtureRunner.Run(topology, path);

        result.Differences.Should().ContainSingle().Which.Should().Be(
            "metrics.late: expected 0 record(s), got 1\n  unexpected:\n    { tenant: acme, series: cpu,host=a, at: +59s, fields: { usage: 100 } }");
    }

    [Fact]
    public void Run_WrongCounter_NamesProcessorCounterAndLine()
    {
        var topology = TopologyLoader.LoadFile(Repo.RollupsYaml);
        var path = Temp(File.ReadAllText(Path.Combine(Repo.RollupFixtures, "02-grace-and-late.yaml"))
            .Replace("late_records: 1", "late_records: 0", StringComparison.Ordinal));

        var result = FixtureRunner.Run(topology, path);

        result.Differences.Should().ContainSingle().Which.Should().StartWith("counter rollup-1m.late_records: expected 0 but was 1 (line ");
    }

    [Fact]
    public void Run_UnknownKeyInFixture_FailsWithFileLineAndKnownKeys()
    {
        var topology = TopologyLoader.LoadFile(Repo.RollupsYaml);
        var path = Temp("base_time: 2024-01-01T00:00:00Z\nstepz: []\nexpected: {}\n");

        var result = FixtureRunner.Run(topology, path);

        result.Differences.Should().ContainSingle().Which.Should().StartWith($"{path}:2:1: unknown field 'stepz' in the fixture; known:");
    }

    private static string Temp(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"fixture-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, content);
        return path;
    }
}
