using MetricStream.Processing.Tests.Support;
using MetricStream.Processing.Topology;

namespace MetricStream.Processing.Tests.Topology;

/// <summary>One test per validation rule: each names the file, the line and the fix.</summary>
public class TopologyLoaderTests
{
    private const string Header = "topology: t\nprocessors:\n  - name: points\n    type: source\n    topic: metrics.points\n    schema: point-batch\n";

    private const string Minute = "  - name: m1\n    type: window-aggregate\n    from: points\n    window: { type: tumbling, size: 1m }\n    aggregates: [count, sum, p99]\n";

    [Fact]
    public void LoadFile_Rollups_LoadsEightProcessors()
    {
        var topology = TopologyLoader.LoadFile(Repo.RollupsYaml);

        topology.Name.Should().Be("rollups");
        topology.Nodes.Select(n => n.Name).Should().Equal("points", "rollup-1m", "rollup-1m-out", "rollup-1h", "rollup-1h-out", "raw-influx", "rollup-1m-influx", "rollup-1h-influx");
        topology.SourceTopics.Should().Equal("metrics.points");
        topology.OutputTopics.Should().Equal("metrics.late", "metrics.rollup.1m", "metrics.rollup.1h");
    }

    [Fact]
    public void Load_UnknownField_NamesLineAndSuggestsField()
    {
        var issues = All(Header + "  - name: m1\n    type: window-aggregate\n    from: points\n    window: { type: tumbling, sise: 1m }\n    aggregates: [count]\n");
        var issue = issues.Single(i => i.Message.Contains("unknown field"));

        issues.Should().HaveCount(2, "the misspelt key also leaves 'size' missing");
        issues.Should().Contain(i => i.Message.Contains("missing 'size'"));
        issue.Message.Should().Contain("unknown field 'sise'");
        issue.Fix.Should().Contain("did you mean 'size'?");
        (issue.Line, issue.File).Should().Be((10, "t.yaml"));
    }

    [Fact]
    public void Load_UnknownProcessorField_NamesLine()
    {
        var issue = Single(Header + "  - name: out\n    type: sink\n    from: points\n    topik: x\n    topic: y\n");

        issue.Message.Should().Contain("unknown field 'topik'");
        issue.Fix.Should().Contain("did you mean 'topic'?");
        issue.Line.Should().Be(10);
    }

    [Fact]
    public void Load_UnknownAggregate_NamesItemLineAndKnownAggregates()
    {
        var issue = Single(Header + "  - name: m1\n    type: window-aggregate\n    from: points\n    window: { type: tumbling, size: 1m }\n    aggregates:\n      - count\n      - p90\n");

        issue.Message.Should().Contain("unknown aggregate 'p90'");
        issue.Fix.Should().Contain("p50, p95, p99");
        issue.Line.Should().Be(13);
        issue.Key.Should().Be("aggregates[1]");
    }

    [Fact]
    public void Load_PredicateFieldNotInSchema_IsTypeMismatchNamingTheAvroSchema()
    {
        var issue = Single(Header + Minute + "  - name: f\n    type: filter\n    from: m1\n    where:\n      fields: [usage]\n");

        issue.Message.Should().Contain("type mismatch").And.Contain("'fields' is not a field of window-aggregate.avsc");
        issue.Fix.Should().Contain("use 'field'");
        issue.Line.Should().Be(16);
    }

    [Fact]
    public void Load_MapOnAggregates_IsTypeMismatch()
    {
        var issue = Single(Header + Minute + "  - name: rename\n    type: map\n    from: m1\n    measurement: cpu2\n");

        issue.Message.Should().Contain("transforms metric-point records, but its input carries window-aggregate.avsc records");
        issue.Line.Should().Be(14);
    }

    [Fact]
    public void Load_WindowNotMultipleOfSourceWindow_SuggestsMultiple()
    {
        var issue = Single(Header + Minute + "  - name: h1\n    type: window-aggregate\n    from: m1\n    window:\n      type: tumbling\n      size: 90s\n    aggregates: [count]\n");

        issue.Message.Should().Contain("window size 1m30s").And.Contain("not a multiple of the source window size 1m of 'm1'");
        issue.Fix.Should().Contain("use a multiple of 1m");
        issue.Line.Should().Be(17);
    }

    [Fact]
    public void Load_QuantileNotAvailableUpstream_SaysWhatToAdd()
    {
        var source = Header + "  - name: m1\n    type: window-aggregate\n    from: points\n    window: { type: tumbling, size: 1m }\n    aggregates: [count, sum]\n";
        var issue = Single(source + "  - name: h1\n    type: window-aggregate\n    from: m1\n    window: { type: tumbling, size: 1h }\n    aggregates: [count, p95]\n");

        issue.Message.Should().Contain("'p95' cannot be computed from 'm1'");
        issue.Fix.Should().Contain("add p95 to the aggregates of 'm1'");
    }

    [Fact]
    public void Load_Cycle_IsReportedWithPath()
    {
        var issue = Single(Header + "  - name: a\n    type: filter\n    from: [points, b]\n    where: { measurement: cpu }\n  - name: b\n    type: filter\n    from: a\n    where: { measurement: cpu }\n");

        issue.Message.Should().Contain("cycle:").And.Contain("a").And.Contain("b");
        issue.Fix.Should().Contain("remove");
        issue.Line.Should().BeOneOf(9, 13);
    }

    [Fact]
    public void Load_UnknownProcessorReference_SuggestsClosestName()
    {
        var issue = Single(Header + "  - name: out\n    type: sink\n    from: pionts\n    topic: x\n");

        issue.Message.Should().Contain("unknown processor 'pionts'");
        issue.Fix.Should().Contain("did you mean 'points'?");
        issue.Line.Should().Be(9);
    }

    [Fact]
    public void Load_UnknownSchema_SuggestsSchema()
    {
        var issue = Single("topology: t\nprocessors:\n  - name: points\n    type: source\n    topic: metrics.points\n    schema: point-batches\n");

        issue.Message.Should().Contain("unknown schema 'point-batches'");
        issue.Fix.Should().Contain("did you mean 'point-batch'?");
        issue.Line.Should().Be(6);
    }

    [Fact]
    public void Load_BadDuration_ExplainsNotation()
    {
        var issue = Single(Header + "  - name: m1\n    type: window-aggregate\n    from: points\n    window: { type: tumbling, size: 1 minute }\n    aggregates: [count]\n");

        issue.Message.Should().Contain("'1 minute' is not a duration");
        issue.Fix.Should().Contain("30s, 1m");
    }

    [Fact]
    public void Load_IdleOnRollupButNotOnItsSource_IsRejected()
    {
        var issue = Single(Header + Minute + "  - name: h1\n    type: window-aggregate\n    from: m1\n    window: { type: tumbling, size: 1h }\n    idle: { timeout: 2m }\n    aggregates: [count]\n");

        issue.Message.Should().Contain("closes windows on idle but its input 'm1' does not");
    }

    [Fact]
    public void Load_InvalidYaml_ReportsSyntaxErrorWithLine()
    {
        var issue = Single("topology: t\nprocessors:\n  - name: points\n   type: source\n");

        issue.Message.Should().Contain("not valid YAML");
        issue.Line.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Load_MissingFrom_SaysHowToAddIt()
    {
        var issue = Single(Header + "  - name: out\n    type: sink\n    topic: x\n");

        issue.Message.Should().Contain("missing 'from'");
        issue.Line.Should().Be(7);
    }

    [Fact]
    public void IssueToString_HasFileLineColumnAndFix()
    {
        var issue = Single(Header + "  - name: out\n    type: sink\n    from: pionts\n    topic: x\n");

        issue.ToString().Should().Be("t.yaml:9:11: processor 'out', from: unknown processor 'pionts'. Fix: did you mean 'points'? Known: points.");
    }

    [Fact]
    public void Build_DslWithSameError_ThrowsSameMessageWithoutLocation()
    {
        var act = () => new TopologyBuilder("t")
            .Source("points", "metrics.points", SourceSchema.PointBatch)
            .Sink("out", "pionts", "x")
            .Build();

        act.Should().Throw<TopologyValidationException>().Which.Issues.Should().ContainSingle()
            .Which.ToString().Should().Be("processor 'out', from: unknown processor 'pionts'. Fix: did you mean 'points'? Known: points.");
    }

    private static TopologyIssue Single(string yaml)
    {
        var issues = All(yaml);
        issues.Should().ContainSingle(string.Join("\n", issues));
        return issues[0];
    }

    private static IReadOnlyList<TopologyIssue> All(string yaml)
    {
        var act = () => TopologyLoader.Load(yaml, "t.yaml");
        return act.Should().Throw<TopologyValidationException>().Which.Issues;
    }
}
