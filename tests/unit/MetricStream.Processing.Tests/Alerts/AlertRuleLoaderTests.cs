using MetricStream.Processing.Aggregation;
using MetricStream.Processing.Alerts;
using MetricStream.Processing.Tests.Support;
using MetricStream.Processing.Topology;
using Microsoft.Extensions.Time.Testing;
using static MetricStream.Processing.Tests.Alerts.AlertKit;

namespace MetricStream.Processing.Tests.Alerts;

/// <summary>The rule file format: the demo fixture loads, and each validation rule names the file, line and fix.</summary>
public class AlertRuleLoaderTests
{
    private static readonly string FixturePath = Path.Combine(Repo.Root, "tests", "unit", "MetricStream.Processing.Tests", "Alerts", "Fixtures", "alerts.yaml");

    [Fact]
    public void LoadFile_DemoFixture_LoadsEveryRuleAsWritten()
    {
        var rules = AlertRuleLoader.LoadFile(FixturePath);

        rules.Select(r => r.Id).Should().Equal("cpu-high", "mem-high", "disk-full", "host-silent", "cpu-then-mem");
        var cpu = rules[0];
        cpu.Select.Measurement.Should().Be("cpu");
        cpu.Select.Field.Should().Be("usage_user");
        cpu.Select.Tags.Single().ToString().Should().Be("cpu=cpu-total");
        cpu.Aggregate.Should().Be(AggregateKind.P95);
        cpu.Condition.Should().Be(new ThresholdCondition(ComparisonOperator.GreaterThan, 90) { For = TimeSpan.FromMinutes(5), KeepFiringFor = TimeSpan.FromMinutes(2) });
        rules[1].Condition.Should().Be(new ThresholdCondition(ComparisonOperator.GreaterThan, 95));
        rules[2].Labels["path"].Should().Be("{{path}}");
        rules[3].Condition.Should().Be(new AbsenceCondition(TimeSpan.FromMinutes(2)));
        rules[3].Select.Field.Should().BeNull();
        var sequence = (SequenceCondition)rules[4].Condition;
        sequence.Scope.Should().Be(SequenceScope.Host);
        sequence.Within.Should().Be(TimeSpan.FromMinutes(10));
        sequence.First.Should().Be(new SequenceStep("cpu", "usage_user", AggregateKind.P95, ComparisonOperator.GreaterThan, 90) { For = TimeSpan.FromMinutes(5) });
        sequence.Then.Aggregate.Should().Be(AggregateKind.Last);
    }

    [Fact]
    public void DemoFixture_DiskRule_FiresWithRenderedLabels()
    {
        var evaluator = new AlertEvaluator(AlertRuleLoader.LoadFile(FixturePath), new FakeTimeProvider(T0));

        var alert = evaluator.Feed(Window(0, 97, measurement: "disk", field: "used_percent", extraTags: new Avro.Records.Tag("path", "/var"))).Single();

        alert.RuleId.Should().Be("disk-full");
        alert.Labels.Should().Equal(new Dictionary<string, string> { ["severity"] = "warning", ["host"] = "web-1", ["path"] = "/var" });
        alert.Annotations["summary"].Should().Be("disk /var on web-1 is 97 % full");
    }

    public static TheoryData<string, string, int, string, string> Invalid() => new()
    {
        // rule body (after '- id: r\n'), expected message part, line, key, fix part
        { "    select: { measurement: cpu, field: f }\n    aggregate: p95\n    treshold: { op: \">\", value: 1 }\n", "unknown field 'treshold'", 5, "rules[r].treshold", "did you mean 'threshold'?" },
        { "    select: { measurement: cpu, field: f }\n    aggregate: p95\n", "the rule has no condition", 2, "rules[r]", "keep one of threshold" },
        { "    select: { measurement: cpu, field: f }\n    aggregate: p95\n    threshold: { op: \">\", value: 1 }\n    absence: { for: 1m }\n", "exactly one condition, but this one has threshold and absence", 2, "rules[r]", "write another rule" },
        { "    select: { measurement: cpu, field: f }\n    aggregate: p90\n    threshold: { op: \">\", value: 1 }\n", "unknown aggregate 'p90'", 4, "rules[r].aggregate", "p50, p95, p99" },
        { "    select: { measurement: cpu, field: f }\n    aggregate: p95\n    threshold: { op: \"=>\", value: 1 }\n", "unknown operator '=>'", 5, "rules[r].threshold.op", ">=" },
        { "    select: { measurement: cpu, field: f }\n    aggregate: p95\n    threshold: { op: \">\", value: ninety }\n", "'ninety' is not a number", 5, "rules[r].threshold.value", "value: 90" },
        { "    select: { measurement: cpu, field: f }\n    aggregate: p95\n    threshold:\n      op: \">\"\n      value: 1\n      for: 5 minutes\n", "'5 minutes' is not a duration", 8, "rules[r].threshold.for", "5m" },
        { "    select: { measurement: cpu, field: f }\n    aggregate: p95\n    n_of_m: { op: \">\", value: 1, n: 6, m: 5 }\n", "'6' is not a whole number from 1 to 5", 5, "rules[r].n_of_m.n", "n: 1" },
        { "    select: { measurement: cpu, field: f }\n    aggregate: p95\n    rate_of_change: { op: \">\", value: 1 }\n", "missing 'over'", 5, "rules[r].rate_of_change.over", "add 'over: ...'" },
        { "    select: { measurement: cpu }\n    absence: { for: 0s }\n", "'0s' is not a positive duration", 4, "rules[r].absence.for", "30s, 5m" },
        { "    select: { measurement: cpu }\n    aggregate: p95\n    absence: { for: 2m }\n", "'absence' rules do not use the rule's 'aggregate'", 4, "rules[r].aggregate", "remove 'aggregate'" },
        { "    select: { field: f }\n    aggregate: p95\n    threshold: { op: \">\", value: 1 }\n", "missing 'measurement'", 3, "rules[r].select.measurement", "measurement: ..." },
        { "    select:\n      measurement: cpu\n      field: f\n      tags: { host: { regex: \"web-(\" } }\n    aggregate: p95\n    threshold: { op: \">\", value: 1 }\n", "'web-(' is not a regular expression", 6, "rules[r].select.tags.host.regex", "match the whole value" },
        { "    select:\n      measurement: cpu\n      field: f\n      tags: { host: { like: web } }\n    aggregate: p95\n    threshold: { op: \">\", value: 1 }\n", "unknown tag matcher 'like'", 6, "rules[r].select.tags.host.like", "equals, not, regex" },
        { "    select: { measurement: cpu, field: f }\n    aggregate: p95\n    threshold: { op: \">\", value: 1 }\n    annotations:\n      summary: \"{{host is hot\"\n", "bad template", 7, "rules[r].annotations.summary", "{{host}}" },
        { "    select: { tenant: acme }\n    sequence: { within: 10m, on: rack, first: { measurement: cpu, field: u, aggregate: p95, op: \">\", value: 1 }, then: { measurement: mem, field: u, aggregate: last, op: \">\", value: 1 } }\n", "unknown sequence scope 'rack'", 4, "rules[r].sequence.on", "on: host" },
        { "    select: { tenant: acme }\n    sequence: { within: 10m, first: { measurement: cpu, field: u, aggregate: p95, op: \">\", value: 1 } }\n", "missing 'then'", 4, "rules[r].sequence.then", "then: {" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Load_InvalidRule_NamesFileLineAndFix(string body, string message, int line, string key, string fix)
    {
        var issues = Issues("rules:\n  - id: r\n" + body);

        var issue = issues.Should().ContainSingle().Subject;
        issue.Message.Should().Contain(message);
        (issue.File, issue.Line, issue.Key).Should().Be(("alerts.yaml", line, key));
        issue.Fix.Should().Contain(fix);
        issue.ToString().Should().StartWith($"alerts.yaml:{line}:");
    }

    [Fact]
    public void Load_DuplicateIdsAndBadId_AreReportedTogetherInFileOrder()
    {
        const string Rule = "    select: { measurement: cpu }\n    absence: { for: 1m }\n";
        var issues = Issues($"rules:\n  - id: a\n{Rule}  - id: a\n{Rule}  - id: \"b c\"\n{Rule}");

        issues.Select(i => (i.Line, i.Message)).Should().Equal((5, "duplicate rule id 'a'."), (8, "'b c' is not a rule id."));
    }

    [Theory]
    [InlineData("rules: [\n", "not valid YAML")]
    [InlineData("", "the file is empty")]
    [InlineData("rule:\n  - id: x\n", "unknown field 'rule'")]
    public void Load_BrokenFile_SaysWhat(string yaml, string message) =>
        Issues(yaml).Should().Contain(i => i.Message.Contains(message));

    [Fact]
    public void Load_Invalid_ThrowsValidationExceptionListingIssues()
    {
        var act = () => AlertRuleLoader.Load("rules:\n  - id: r\n    select: { measurement: cpu }\n", "alerts.yaml");

        act.Should().Throw<TopologyValidationException>().Which.Message.Should().Contain("alerts.yaml:2:5: rules[r]: the rule has no condition.");
    }

    private static IReadOnlyList<TopologyIssue> Issues(string yaml)
    {
        try
        {
            AlertRuleLoader.Load(yaml, "alerts.yaml");
            return [];
        }
        catch (TopologyValidationException ex)
        {
            return ex.Issues;
        }
    }
}
