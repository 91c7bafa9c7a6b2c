using MetricStream.Avro.Records;
using MetricStream.Processing.Aggregation;
using MetricStream.Processing.TestDriver;
using MetricStream.Processing.Tests.Support;
using MetricStream.Processing.Topology;
using MetricStream.Processing.Windows;

namespace MetricStream.Processing.Tests.Tables;

/// <summary>The stream-table join: YAML, DSL, validation and behaviour in the test driver.</summary>
public class JoinTests
{
    private const string Yaml = """
        topology: t
        processors:
          - name: points
            type: source
            topic: in
            schema: metric-point
          - name: m1
            type: window-aggregate
            from: points
            window: { type: tumbling, size: 1m }
            aggregates: [count, sum]
          - name: owners
            type: join
            from: m1
            table: hosts
            by: [host]
            add_tags: [team]
          - name: out
            type: sink
            from: owners
            topic: out
          - name: raw-owned
            type: join
            from: points
            table: hosts
            by: host
            add_tags: [team, site]
            unmatched: drop
          - name: raw-out
            type: sink
            from: raw-owned
            topic: raw

        """;

    private const string Header = "topology: t\nprocessors:\n  - name: points\n    type: source\n    topic: in\n    schema: metric-point\n";

    [Fact]
    public void Load_Join_SameGraphAsDsl()
    {
        var yaml = TopologyLoader.Load(Yaml, "t.yaml");
        var dsl = new TopologyBuilder("t")
            .Source("points", "in", SourceSchema.MetricPoint)
            .WindowAggregate("m1", "points", TumblingWindow.Of(TimeSpan.FromMinutes(1), TimeSpan.Zero), [AggregateKind.Count, AggregateKind.Sum])
            .Join("owners", "m1", "hosts", ["host"], ["team"])
            .Sink("out", "owners", "out")
            .Join("raw-owned", "points", "hosts", ["host"], ["team", "site"], keepUnmatched: false)
            .Sink("raw-out", "raw-owned", "raw")
            .Build();

        yaml.Describe().ToString().Should().Be(dsl.Describe().ToString())
            .And.Contain("Processor: owners (join; table: hosts, by: [host], add_tags: [team], unmatched: keep)");
        yaml.TableTopics.Should().Equal("hosts");
        yaml.Describe().ToMermaid().Should().Contain("[(\"hosts\")]").And.Contain(" -. table .-> ").And.Be(dsl.Describe().ToMermaid());
        yaml.ValueKindOf("owners").Should().Be(StreamValueKind.Aggregate);
    }

    [Fact]
    public void Load_JoinWithoutBy_NamesLineAndFix()
    {
        var issue = Single(Header + "  - name: j\n    type: join\n    from: points\n    table: hosts\n    add_tags: [team]\n");

        (issue.Key, issue.Line).Should().Be(("by", 7));
        issue.Message.Should().Contain("missing 'by'");
    }

    [Fact]
    public void Load_JoinWithBadUnmatched_NamesLineAndValues()
    {
        var issue = Single(Header + "  - name: j\n    type: join\n    from: points\n    table: hosts\n    by: [host]\n    add_tags: [team]\n    unmatched: left\n");

        (issue.Key, issue.Line).Should().Be(("unmatched", 13));
        issue.Fix.Should().Contain("unmatched: drop");
    }

    [Fact]
    public void Dsl_JoinWithNoTagsToAdd_IsRejected()
    {
        var act = () => new TopologyBuilder("t").Source("points", "in", SourceSchema.MetricPoint).Join("j", "points", "hosts", ["host"], []).Build();

        act.Should().Throw<TopologyValidationException>().Which.Issues.Should().ContainSingle(i => i.Key == "add_tags");
    }

    [Fact]
    public void TestDriver_JoinsPointsAndAggregatesToTheLatestTableRow()
    {
        using var driver = new TopologyTestDriver(TopologyLoader.Load(Yaml, "t.yaml"));
        var table = driver.CreateInputTopic("hosts");
        var input = driver.CreateInputTopic("in");

        table.PipeInput(Row("a", team: "db", site: "fra"));
        input.PipeInput(Points.Cpu(1_000, 2, host: "a"));
        input.PipeInput(Points.Cpu(2_000, 3, host: "b"));
        table.PipeInput(Row("a", team: "web", site: "fra"));
        input.PipeInput(Points.Cpu(61_000, 4, host: "a"));
        input.PipeInput(Points.Cpu(62_000, 5, host: "b"));

        var raw = driver.CreateOutputTopic("raw").ReadRecordsToList();
        raw.Select(r => (r.Key, Tags(r.AsPoint().Tags))).Should().Equal(
            ("acme/cpu,host=a,site=fra,team=db", "host=a,site=fra,team=db"),
            ("acme/cpu,host=a,site=fra,team=web", "host=a,site=fra,team=web"));
        var minutes = driver.CreateOutputTopic("out").ReadAggregatesToList();
        minutes.Select(a => Tags(a.Tags)).Should().Equal(["host=a,team=web", "host=b"], "host b has no row and is kept unchanged");
        driver.Counters("raw-owned").SkippedValues.Should().Be(2, "unmatched records are counted");
    }

    private static MetricPoint Row(string host, string team, string site) =>
        new MetricPoint { Tenant = "acme", Measurement = "host_info", Timestamp = Points.T0 }
            .AddTag("host", host).AddTag("site", site).AddTag("team", team)
            .AddField("up", 1.0);

    private static string Tags(List<Tag> tags) => string.Join(",", tags.Select(t => $"{t.Key}={t.Value}"));

    private static TopologyIssue Single(string yaml)
    {
        var act = () => TopologyLoader.Load(yaml, "t.yaml");
        var issues = act.Should().Throw<TopologyValidationException>().Which.Issues;
        issues.Should().ContainSingle(string.Join("\n", issues));
        return issues[0];
    }
}
