using MetricStream.Processing.Aggregation;
using MetricStream.Processing.Tests.Support;
using MetricStream.Processing.Topology;
using MetricStream.Processing.Windows;

namespace MetricStream.Processing.Tests.Topology;

public class TopologyDescriptionTests
{
    /// <summary>rollups.yaml written with the C# DSL, processors deliberately in another order.</summary>
    internal static MetricStream.Processing.Topology.Topology RollupsDsl() =>
        new TopologyBuilder("rollups")
            .Sink("rollup-1h-out", "rollup-1h", "metrics.rollup.1h")
            .Source("points", "metrics.points", SourceSchema.PointBatch)
            .WindowAggregate(
                "rollup-1m",
                "points",
                TumblingWindow.Of(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30)),
                Aggregates.All,
                new WindowAggregateOptions { Idle = IdleClose.After(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30)), LateTopic = "metrics.late" })
            .Sink("rollup-1m-out", "rollup-1m", "metrics.rollup.1m")
            .WindowAggregate(
                "rollup-1h",
                "rollup-1m",
                TumblingWindow.Of(TimeSpan.FromHours(1), TimeSpan.Zero),
                Aggregates.All,
                new WindowAggregateOptions { Idle = IdleClose.After(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1)) })
            .ExternalSink("rollup-1h-influx", "rollup-1h", "influxdb", "rollup_1h")
            .ExternalSink("raw-influx", "points", "influxdb", "raw")
            .ExternalSink("rollup-1m-influx", "rollup-1m", "influxdb", "rollup_1m")
            .Build();

    [Fact]
    public void Describe_RollupsFromDslAndYaml_AreIdentical()
    {
        var yaml = TopologyLoader.LoadFile(Repo.RollupsYaml);
        var dsl = RollupsDsl();

        dsl.Describe().ToString().Should().Be(yaml.Describe().ToString());
        dsl.Describe().ToMermaid().Should().Be(yaml.Describe().ToMermaid());
    }

    [Fact]
    public void Describe_Rollups_PrintsKafkaStyleText()
    {
        var text = TopologyLoader.LoadFile(Repo.RollupsYaml).Describe().ToString();

        text.Should().Be(
            "Topology: rollups\n"
            + "Sub-topologies:\n"
            + "  Sub-topology: 0\n"
            + "    Source: points (topics: [metrics.points], schema: point-batch)\n"
            + "      --> raw-influx, rollup-1m\n"
            + "    Sink: raw-influx (influxdb: raw)\n"
            + "      <-- points\n"
            + "    Processor: rollup-1m (window-aggregate; window: tumbling(size=1m, grace=30s), idle(timeout=2m, allowance=30s), aggregates: [count, sum, min, max, mean, last, p50, p95, p99], fields: [*], sketch: ddsketch-v1(alpha=0.01), late: metrics.late, stores: [rollup-1m-store])\n"
            + "      --> rollup-1h, rollup-1m-influx, rollup-1m-out\n"
            + "      <-- points\n"
            + "    Processor: rollup-1h (window-aggregate; window: tumbling(size=1h, grace=0s), idle(timeout=2m, allowance=1m), aggregates: [count, sum, min, max, mean, last, p50, p95, p99], fields: [*], sketch: ddsketch-v1(alpha=0.01), late: metrics.late, stores: [rollup-1h-store])\n"
            + "      --> rollup-1h-influx, rollup-1h-out\n"
            + "      <-- rollup-1m\n"
            + "    Sink: rollup-1h-influx (influxdb: rollup_1h)\n"
            + "      <-- rollup-1h\n"
            + "    Sink: rollup-1h-out (topic: metrics.rollup.1h)\n"
            + "      <-- rollup-1h\n"
            + "    Sink: rollup-1m-influx (influxdb: rollup_1m)\n"
            + "      <-- rollup-1m\n"
            + "    Sink: rollup-1m-out (topic: metrics.rollup.1m)\n"
            + "      <-- rollup-1m\n");
    }

    [Fact]
    public void ToMermaid_Rollups_HasEveryEdgeAndLateTopic()
    {
        var mermaid = TopologyLoader.LoadFile(Repo.RollupsYaml).Describe().ToMermaid();

        mermaid.Should().StartWith("flowchart LR\n");
        // p0 points, p1 raw-influx, p2 rollup-1m, p3 rollup-1h, p4/p5 rollup-1h sinks, p6/p7 rollup-1m sinks.
        mermaid.Should().Contain("p0 --> p1").And.Contain("p0 --> p2").And.Contain("p2 --> p3").And.Contain("p2 --> p6").And.Contain("p2 --> p7")
            .And.Contain("p3 --> p4").And.Contain("p3 --> p5");
        mermaid.Should().Contain("t0[(\"metrics.late\")]").And.Contain("p2 -. late .-> t0").And.Contain("p3 -. late .-> t0");
    }

    [Fact]
    public void Describe_BranchAndTwoSources_ShowsCasesAndTwoSubTopologies()
    {
        var topology = new TopologyBuilder("t")
            .Source("a", "topic-a", SourceSchema.MetricPoint)
            .Branch("route", "a", new BranchCase("cpu", RecordPredicate.Any.WithMeasurement("cpu")), new BranchCase("rest", null))
            .Sink("cpu-out", "route.cpu", "cpu")
            .Sink("rest-out", "route.rest", "rest")
            .Source("b", "topic-b", SourceSchema.WindowAggregate)
            .Filter("only-usage", "b", RecordPredicate.Any.WithAggregateField("usage"))
            .Sink("b-out", "only-usage", "usage")
            .Build();

        var text = topology.Describe().ToString();

        topology.Describe().SubTopologyCount.Should().Be(2);
        text.Should().Contain("Processor: route (branch; cases: [cpu: measurement in [cpu]; rest: default])\n      --> cpu-out [cpu], rest-out [rest]");
        text.Should().Contain("Sub-topology: 1\n    Source: b (topics: [topic-b], schema: window-aggregate)");
        topology.Describe().ToMermaid().Should().Contain("-->|cpu|");
    }
}
