using MetricStream.Host.Admin.AlertRules.Internal;
using MetricStream.Processing.Alerts;

namespace MetricStream.IntegrationTests.Alerts;

/// <summary>
/// The admin API's rule JSON (no server needed): every condition kind renders with the file format's field names
/// and parses back to the same rule, so the page's editor can GET, edit and PUT any rule.
/// </summary>
public sealed class AlertRuleJsonTests
{
    private const string Rules = """
        rules:
          - id: t
            select: { tenant: acme, measurement: cpu, field: usage_user, tags: { cpu: cpu-total, host: { regex: "web-.*" }, env: { not: test } } }
            aggregate: p95
            threshold: { op: ">=", value: 90.5, for: 5m, keep_firing_for: 2m }
            labels: { severity: warning, host: "{{host}}" }
            annotations: { summary: "{{host}} at {{value}}" }
          - id: n
            select: { measurement: cpu, field: usage_user }
            aggregate: max
            n_of_m: { op: "<", value: 5, n: 3, m: 5 }
          - id: r
            select: { measurement: disk, field: used_percent }
            aggregate: last
            rate_of_change: { op: ">", value: 0.25, over: 10m, for: 1m }
          - id: a
            select: { measurement: cpu }
            absence: { for: 2m, expire_after: 6h }
          - id: s
            select: { tags: { env: prod } }
            sequence:
              on: host
              within: 10m
              first: { measurement: cpu, field: usage_user, aggregate: p95, op: ">", value: 90, for: 5m }
              then: { measurement: mem, field: used_percent, aggregate: last, op: ">", value: 95 }
        """;

    [Theory]
    [InlineData("t")]
    [InlineData("n")]
    [InlineData("r")]
    [InlineData("a")]
    [InlineData("s")]
    public void Rule_RendersAndParsesBackToTheSameRule(string id)
    {
        var rule = AlertRuleLoader.Load(Rules, "rules.yaml").Single(r => r.Id == id);

        var json = AlertRuleJson.Rule(rule, "yaml", "alerts");
        var (parsed, problems) = AlertRuleBody.Parse(json.ToJsonString(AlertRuleJson.Options), id);

        problems.Should().BeEmpty();
        parsed!.Rule.Fingerprint().Should().Be(rule.Fingerprint());
        json["source"]!.GetValue<string>().Should().Be("yaml");
        json.ContainsKey(rule.Condition.Kind).Should().BeTrue();
    }

    [Fact]
    public void Rule_Threshold_UsesTheFileFormatsNamesAndDurations()
    {
        var rule = AlertRuleLoader.Load(Rules, "rules.yaml").Single(r => r.Id == "t");

        var json = AlertRuleJson.Rule(rule, "api", null).ToJsonString(AlertRuleJson.Options);

        json.Should().Be("""{"id":"t","select":{"tenant":"acme","measurement":"cpu","field":"usage_user","tags":{"cpu":"cpu-total","host":{"regex":"web-.*"},"env":{"not":"test"}}},"aggregate":"p95","threshold":{"op":">=","value":90.5,"for":"5m","keep_firing_for":"2m"},"labels":{"host":"{{host}}","severity":"warning"},"annotations":{"summary":"{{host}} at {{value}}"},"source":"api"}""");
    }

    [Fact]
    public void Parse_SeveralTenants_IsAProblemOfSelectTenant()
    {
        var (rule, problems) = AlertRuleBody.Parse("""{"select":{"tenant":["a","b"],"measurement":"cpu"},"absence":{"for":"2m"}}""", "x");

        rule.Should().BeNull();
        problems.Should().ContainSingle().Which.Field.Should().Be("select.tenant");
    }
}
