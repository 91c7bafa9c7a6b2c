using MetricStream.Processing.TestDriver.Fixtures;
using MetricStream.Processing.Tests.Support;
using MetricStream.Processing.Topology;

namespace MetricStream.Processing.Tests.Alerts.Runtime;

/// <summary>The 'alert' processor type in topology files, the shipped topologies/alerts.yaml and its fixtures.</summary>
public class AlertTopologyTests
{
    private const string Head = """
        topology: t
        processors:
          - name: rollups
            type: source
            topic: metrics.rollup.1m
            schema: window-aggregate
          - name: alerts
            type: alert
            from: rollups
            rules:
              - id: cpu-high
                select: { measurement: cpu, field: usage_user }
                aggregate: p95

        """;

    private const string Sink = """
          - name: out
            type: sink
            from: alerts
            topic: alerts

        """;

    [Fact]
    public void ShippedAlertsYaml_LoadsWithItsDefaultRules()
    {
        var topology = TopologyLoader.LoadFile(Path.Combine(Repo.Topologies, "alerts.yaml"));

        var alert = topology.Nodes.OfType<AlertNode>().Should().ContainSingle().Subject;
        alert.Rules.Select(r => r.Id).Should().Equal("cpu-high", "mem-high", "disk-full", "host-silent");
        topology.OutputTopics.Should().Equal("alerts");
        topology.ValueKindOf("alerts-out").Should().Be(StreamValueKind.Alert);
    }

    [Fact]
    public void ShippedAlertsFixtures_AllPass()
    {
        var topology = TopologyLoader.LoadFile(Path.Combine(Repo.Topologies, "alerts.yaml"));

        var results = FixtureRunner.RunDirectory(topology, Path.Combine(Repo.Topologies, "fixtures", "alerts"));

        results.Should().HaveCountGreaterThanOrEqualTo(3, "cpu spike, absence, memory and disk");
        results.Where(r => !r.Passed).Select(r => r.ToString()).Should().BeEmpty();
    }

    [Fact]
    public void InlineRuleError_IsReportedWithTopologyFileLineAndPath()
    {
        var yaml = Head + "        threshold: { op: \"=>\", value: 90 }\n" + Sink;

        var act = () => TopologyLoader.Load(yaml, "t.yaml");

        var issue = act.Should().Throw<TopologyValidationException>().Which.Issues.Should().ContainSingle().Subject;
        issue.Processor.Should().Be("alerts");
        issue.Key.Should().Be("rules[cpu-high].threshold.op");
        issue.File.Should().Be("t.yaml");
        issue.Line.Should().Be(14);
        issue.Message.Should().Contain("unknown operator '=>'");
    }

    [Fact]
    public void AlertOnPoints_IsATypeError()
    {
        var yaml = Head.Replace("schema: window-aggregate", "schema: point-batch", StringComparison.Ordinal)
            + "        threshold: { op: \">\", value: 90 }\n" + Sink;

        var issues = Issues(yaml);

        issues.Should().ContainSingle(i => i.Processor == "alerts" && i.Key == "from" && i.Message.Contains("window-aggregate records", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadingAlertEvents_WithAnythingButASink_IsATypeError()
    {
        var yaml = Head + "        threshold: { op: \">\", value: 90 }\n" + """
          - name: again
            type: filter
            from: alerts
            where: { measurement: cpu }

        """;

        var issues = Issues(yaml);

        issues.Should().ContainSingle(i => i.Processor == "again" && i.Message.Contains("alert-event.avsc", StringComparison.Ordinal));
    }

    [Fact]
    public void Describe_ListsTheRules()
    {
        var topology = TopologyLoader.Load(Head + "        threshold: { op: \">\", value: 90 }\n" + Sink, "t.yaml");

        topology.Describe().ToString().Should().Contain("Processor: alerts (alert; rules: [cpu-high (threshold)])");
    }

    private static IReadOnlyList<TopologyIssue> Issues(string yaml)
    {
        try
        {
            TopologyLoader.Load(yaml, "t.yaml");
            return [];
        }
        catch (TopologyValidationException ex)
        {
            return ex.Issues;
        }
    }
}
