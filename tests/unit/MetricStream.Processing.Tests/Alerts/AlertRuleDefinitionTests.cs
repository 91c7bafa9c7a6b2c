using MetricStream.Processing.Alerts;

namespace MetricStream.Processing.Tests.Alerts;

/// <summary>One rule's definition (what the admin API and the rules topic carry), parsed by the rule files' reader.</summary>
public class AlertRuleDefinitionTests
{
    [Fact]
    public void ParseDefinition_Json_GivesTheSameRuleAsYaml()
    {
        const string Json = """{"select":{"measurement":"cpu","field":"usage_user","tags":{"host":{"regex":"web-.*"}}},"aggregate":"p95","threshold":{"op":">","value":90,"for":"5m"},"labels":{"host":"{{host}}"}}""";
        const string Yaml = "select: { measurement: cpu, field: usage_user, tags: { host: { regex: \"web-.*\" } } }\naggregate: p95\nthreshold: { op: \">\", value: 90, for: 5m }\nlabels: { host: \"{{host}}\" }";

        var (json, issues) = AlertRuleLoader.ParseDefinition(Json, "cpu-high");
        var (yaml, _) = AlertRuleLoader.ParseDefinition(Yaml, "cpu-high");

        issues.Should().BeEmpty();
        json!.Fingerprint().Should().Be(yaml!.Fingerprint());
        json.Id.Should().Be("cpu-high");
    }

    [Fact]
    public void ParseDefinition_ReportsEveryProblemWithItsPath()
    {
        const string Json = """{"select":{"measurement":"cpu"},"aggregate":"p955","threshold":{"op":"=>","value":"x"}}""";

        var (rule, issues) = AlertRuleLoader.ParseDefinition(Json, "r");

        rule.Should().BeNull();
        issues.Select(i => i.Key).Should().BeEquivalentTo(["rules[r].select.field", "rules[r].aggregate", "rules[r].threshold.op", "rules[r].threshold.value"]);
    }

    [Fact]
    public void ParseDefinition_OwnIdDifferentFromTheKey_IsRefused()
    {
        var (rule, issues) = AlertRuleLoader.ParseDefinition("""{"id":"other","select":{"measurement":"cpu"},"absence":{"for":"2m"}}""", "r");

        rule.Should().BeNull();
        issues.Should().ContainSingle().Which.Key.Should().Be("rules[r].id");
    }
}
