using MetricStream.Processing.Aggregation;
using MetricStream.Processing.Runtime;
using MetricStream.Processing.TestDriver;
using MetricStream.Processing.Tests.Support;
using MetricStream.Processing.Topology;
using MetricStream.Processing.Windows;

namespace MetricStream.Processing.Tests.Outputs;

/// <summary>Sinks with <c>influxdb: &lt;destination&gt;</c>: YAML, DSL, validation, describe, test-driver capture, runtime check.</summary>
public class ExternalSinkTopologyTests
{
    private const string Yaml = """
        topology: t
        processors:
          - name: points
            type: source
            topic: metrics.points
            schema: metric-point
          - name: raw-influx
            type: sink
            from: points
            influxdb: raw
          - name: m1
            type: window-aggregate
            from: points
            window: { type: tumbling, size: 1m }
            aggregates: [count, sum]
          - name: m1-influx
            type: sink
            from: m1
            influxdb: rollup_1m
          - name: m1-out
            type: sink
            from: m1
            topic: metrics.rollup.1m

        """;

    private const string Header = "topology: t\nprocessors:\n  - name: points\n    type: source\n    topic: metrics.points\n    schema: metric-point\n";

    [Fact]
    public void Load_InfluxDbSink_IsAnExternalSinkWithItsDestination()
    {
        var topology = TopologyLoader.Load(Yaml, "t.yaml");
        var sink = (SinkNode)topology["raw-influx"];

        (sink.IsExternal, sink.Provider, sink.Destination, sink.Topic, sink.Target).Should().Be((true, "influxdb", "raw", (string?)null, "influxdb:raw"));
        topology.OutputTopics.Should().Equal("metrics.late", "metrics.rollup.1m");
        topology.ExternalOutputs.Should().Equal("influxdb:raw", "influxdb:rollup_1m");
    }

    [Fact]
    public void Describe_InfluxDbSink_ShowsProviderAndDestination_SameFromDslAndYaml()
    {
        var yaml = TopologyLoader.Load(Yaml, "t.yaml");
        var dsl = new TopologyBuilder("t")
            .Source("points", "metrics.points", SourceSchema.MetricPoint)
            .InfluxDbSink("raw-influx", "points", "raw")
            .WindowAggregate("m1", "points", TumblingWindow.Of(TimeSpan.FromMinutes(1), TimeSpan.Zero), [AggregateKind.Count, AggregateKind.Sum])
            .InfluxDbSink("m1-influx", "m1", "rollup_1m")
            .Sink("m1-out", "m1", "metrics.rollup.1m")
            .Build();

        var text = yaml.Describe().ToString();
        text.Should().Contain("Sink: raw-influx (influxdb: raw)").And.Contain("Sink: m1-influx (influxdb: rollup_1m)");
        yaml.Describe().ToMermaid().Should().Contain("raw-influx<br/>sink: influxdb:raw");
        dsl.Describe().ToString().Should().Be(text);
        dsl.Describe().ToMermaid().Should().Be(yaml.Describe().ToMermaid());
    }

    [Fact]
    public void Load_SinkWithTopicAndInfluxDb_NamesTheSecondTargetLineAndFix()
    {
        var issue = Single(Header + "  - name: out\n    type: sink\n    from: points\n    topic: x\n    influxdb: raw\n");

        issue.Message.Should().Contain("exactly one target").And.Contain("'topic' and 'influxdb'");
        issue.Fix.Should().Contain("add another sink");
        (issue.File, issue.Line, issue.Key).Should().Be(("t.yaml", 11, "influxdb"));
    }

    [Fact]
    public void Load_SinkWithoutTarget_AsksForTopicOrInfluxDb()
    {
        var issue = Single(Header + "  - name: out\n    type: sink\n    from: points\n");

        issue.Message.Should().Contain("missing 'topic' or 'influxdb'");
        issue.Fix.Should().Contain("influxdb: <destination>");
        issue.Line.Should().Be(7);
    }

    [Fact]
    public void Load_BadDestinationName_NamesLineAndValidCharacters()
    {
        var issue = Single(Header + "  - name: out\n    type: sink\n    from: points\n    influxdb: raw data\n");

        issue.Message.Should().Contain("'raw data' is not a destination name");
        issue.Fix.Should().Contain("letters, digits");
        (issue.Line, issue.Key).Should().Be((10, "influxdb"));
    }

    [Fact]
    public void Load_MisspeltInfluxDbKey_SuggestsIt()
    {
        var issues = All(Header + "  - name: out\n    type: sink\n    from: points\n    influx: raw\n");

        issues.Should().Contain(i => i.Message.Contains("unknown field 'influx'") && i.Fix.Contains("did you mean 'influxdb'?") && i.Line == 10);
    }

    [Fact]
    public void Dsl_BadDestinationName_Throws()
    {
        var act = () => new TopologyBuilder("t").InfluxDbSink("out", "points", "a/b");

        act.Should().Throw<ArgumentException>().WithMessage("*'a/b' is not a destination name*");
    }

    [Fact]
    public void TestDriver_CapturesExternalSinkOutputUnderProviderAndDestination()
    {
        using var driver = new TopologyTestDriver(TopologyLoader.Load(Yaml, "t.yaml"));
        var input = driver.CreateInputTopic("metrics.points");

        input.PipeInput(Points.Cpu(1_000, 2));
        input.PipeInput(Points.Cpu(61_000, 3));

        var raw = driver.CreateOutputTopic("influxdb:raw").ReadRecordsToList();
        raw.Select(r => r.AsPoint().Fields[0].Value.AsDouble).Should().Equal(2, 3);
        raw.Select(r => r.Topic).Should().AllBe("influxdb:raw");
        var minute = driver.CreateOutputTopic("influxdb:rollup_1m").ReadAggregatesToList().Should().ContainSingle().Subject;
        (minute.Count, minute.Sum, Points.Bounds(minute)).Should().Be((1L, 2.0, "[0;60000)"));
        driver.CreateOutputTopic("metrics.rollup.1m").ReadAggregatesToList().Should().ContainSingle();
    }

    [Fact]
    public void StreamsApplication_WithUnregisteredProvider_FailsNamingProviderAndSink()
    {
        var options = new StreamsApplicationOptions { BootstrapServers = "127.0.0.1:1", RegistryUrl = new Uri("http://127.0.0.1:1") };

        var act = () => new StreamsApplication(TopologyLoader.Load(Yaml, "t.yaml"), options);

        act.Should().Throw<ArgumentException>()
            .WithMessage("*sink 'raw-influx' writes to 'influxdb:raw'*no external sink provider 'influxdb' is registered (registered: none)*");
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
