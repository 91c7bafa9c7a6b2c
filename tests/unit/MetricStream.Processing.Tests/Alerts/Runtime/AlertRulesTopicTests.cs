using MetricStream.Avro.Generic;
using MetricStream.Avro.Records;
using MetricStream.Avro.Schemas;
using MetricStream.Processing.Alerts;
using MetricStream.Processing.TestDriver;
using MetricStream.Processing.Topology;

namespace MetricStream.Processing.Tests.Alerts.Runtime;

/// <summary>Rules from the alert-rules table topic: decoding its records, and changes taking effect without a restart.</summary>
public class AlertRulesTopicTests
{
    private const string CpuHigh = """
        select: { measurement: cpu, field: usage_user }
        aggregate: p95
        threshold: { op: ">", value: 90 }
        """;

    [Fact]
    public void Decode_ReadsTheDefinition_AndScopesTheRuleToItsTenant()
    {
        var rule = AlertRuleTable.Decode(Encode("cpu-high", "acme", CpuHigh, enabled: true));

        rule!.Id.Should().Be("cpu-high");
        rule.Select.Tenants.Should().Equal("acme");
        rule.Condition.Should().BeOfType<ThresholdCondition>().Which.Value.Should().Be(90);
        AlertRuleTable.Decode(Encode("cpu-high", "acme", CpuHigh, enabled: false)).Should().BeNull("a disabled rule is removed");
    }

    [Fact]
    public void Decode_InvalidDefinition_Throws()
    {
        var act = () => AlertRuleTable.Decode(Encode("bad", "acme", "select: { measurement: cpu, field: f }\naggregate: p95\nthreshold: { op: \"=>\", value: 1 }", enabled: true));

        act.Should().Throw<TopologyValidationException>().Which.Issues.Should().ContainSingle(i => i.Message.Contains("'=>'", StringComparison.Ordinal));
    }

    [Fact]
    public void RuleChangesInTheTable_TakeEffectWithoutRestart()
    {
        var topology = new TopologyBuilder("alerts")
            .Source("rollups", "metrics.rollup.1m", SourceSchema.WindowAggregate)
            .Alert("alerts", "rollups", [], "alert-rules")
            .Sink("out", "alerts", "alerts")
            .Build();
        using var driver = new TopologyTestDriver(topology, AlertKit.T0);
        var input = driver.CreateInputTopic("metrics.rollup.1m");
        var output = driver.CreateOutputTopic("alerts");

        input.PipeInput(AlertKit.Window(0, 95));
        output.ReadRecordsToList().Should().BeEmpty("no rule yet");

        driver.AlertRules("alert-rules").Apply("cpu-high", AlertRuleTable.Decode(Encode("cpu-high", "acme", CpuHigh, enabled: true)));
        input.PipeInput(AlertKit.Window(1, 95));
        output.ReadRecordsToList().Select(r => (r.AsAlert()["ruleId"], AlertEventRecords.StateOf(r.AsAlert()))).Should().Equal(("cpu-high", AlertState.Firing));

        driver.AlertRules("alert-rules").Apply("cpu-high", null);
        driver.AdvanceWallClock(TimeSpan.FromSeconds(1));
        output.ReadRecordsToList().Select(r => AlertEventRecords.StateOf(r.AsAlert())).Should().Equal([AlertState.Resolved], "deleting a rule resolves its firing alerts");
        input.PipeInput(AlertKit.Window(2, 95));
        output.ReadRecordsToList().Should().BeEmpty();
    }

    [Fact]
    public void RulesTopic_InATopologyFile_LoadsWithoutInlineRules()
    {
        var topology = TopologyLoader.Load(
            """
            topology: t
            processors:
              - { name: rollups, type: source, topic: metrics.rollup.1m, schema: window-aggregate }
              - { name: alerts, type: alert, from: rollups, rules_topic: alert-rules }
              - { name: out, type: sink, from: alerts, topic: alerts }
            """,
            "t.yaml");

        topology.AlertRuleTopics.Should().Equal("alert-rules");
        topology.Describe().ToString().Should().Contain("(alert; rules: [], rules_topic: alert-rules)");
    }

    private static byte[] Encode(string id, string tenant, string definition, bool enabled)
    {
        var schema = ProductSchemas.AlertRule;
        var record = new GenericRecord(schema)
        {
            ["id"] = id,
            ["tenant"] = tenant,
            ["version"] = 1L,
            ["name"] = id,
            ["enabled"] = enabled,
            ["format"] = new GenericEnum((EnumSchema)schema.Fields.First(f => f.Name == "format").Schema, "YAML"),
            ["definition"] = definition,
            ["updatedAt"] = AlertKit.T0,
            ["updatedBy"] = null,
        };
        return AvroGeneric.Encode(schema, record);
    }
}
