using MetricStream.Avro.Records;
using MetricStream.Processing.Aggregation;
using MetricStream.Processing.Alerts;
using Microsoft.Extensions.Time.Testing;
using static MetricStream.Processing.Tests.Alerts.AlertKit;

namespace MetricStream.Processing.Tests.Alerts;

/// <summary>Threshold rules on one-minute windows: <c>for</c> and <c>keep_firing_for</c> at their boundaries.</summary>
public class ThresholdRuleTests
{
    private const ComparisonOperator Gt = ComparisonOperator.GreaterThan;

    public static TheoryData<string, int, int, double?[], string> Cases() => new()
    {
        // name, for (min), keep_firing_for (min), p95 per window (null = missing window), transitions
        { "for 0 fires on the first window, no pending", 0, 0, [50, 95, 95, 50], "1:Firing 3:Resolved" },
        { "never above: quiet", 5, 0, [50, 90, 89, 90], string.Empty },
        { "equal to the threshold is not above", 0, 0, [90, 90], string.Empty },
        { "4 of 5 minutes: pending only", 5, 0, [95, 95, 95, 95, 50], "0:Pending 4:Inactive" },
        { "exactly 5 minutes: fires on the 5th window", 5, 0, [95, 95, 95, 95, 95, 95], "0:Pending 4:Firing" },
        { "a dip restarts the count", 5, 0, [95, 95, 95, 50, 95, 95, 95, 95, 95], "0:Pending 3:Inactive 4:Pending 8:Firing" },
        { "a missing window restarts the count", 3, 0, [95, 95, null, 95, 95, 95], "0:Pending 5:Firing" },
        { "keep 0 resolves on the first false window", 2, 0, [95, 95, 50, 50], "0:Pending 1:Firing 2:Resolved" },
        { "keep 2m: one false window keeps firing", 1, 2, [95, 50, 95, 50, 50], "0:Firing 4:Resolved" },
        { "keep 2m: resolves after exactly 2 false minutes", 1, 2, [95, 50, 50, 50], "0:Firing 2:Resolved" },
        { "fires again after resolving", 0, 0, [95, 50, 95], "0:Firing 1:Resolved 2:Firing" },
        { "stays firing: no repeated events", 0, 0, [95, 96, 97, 98, 99], "0:Firing" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Threshold_WindowSequence_EmitsExactlyTheseTransitions(string name, int forMinutes, int keepMinutes, double?[] values, string expected)
    {
        var rule = Threshold("cpu-high", Gt, 90, forMinutes * Minute, keepMinutes * Minute);

        Transitions(rule, values).Should().Be(expected, name);
    }

    [Fact]
    public void Firing_Event_CarriesRuleSeriesValueTimesAndRenderedTemplates()
    {
        var rule = Threshold("cpu-high", Gt, 90) with
        {
            Labels = new Dictionary<string, string> { ["severity"] = "critical", ["host"] = "{{host}}" },
            Annotations = new Dictionary<string, string> { ["summary"] = "{{rule}}: {{measurement}}.{{field}} p95 on {{ host }} is {{value}} ({{dc}}{{nope}})" },
        };
        var evaluator = new AlertEvaluator([rule], new FakeTimeProvider(T0));

        var alert = evaluator.Feed(Window(3, 93.25, extraTags: new Tag("dc", "eu"))).Single();

        alert.RuleId.Should().Be("cpu-high");
        alert.SeriesKey.Should().Be("acme/cpu,dc=eu,host=web-1");
        alert.Tenant.Should().Be("acme");
        alert.State.Should().Be(AlertState.Firing);
        alert.Value.Should().Be(93.25);
        alert.WindowEnd.Should().Be(T0 + (4 * Minute));
        alert.EventTime.Should().Be(T0 + (4 * Minute) - TimeSpan.FromMilliseconds(1));
        alert.Labels.Should().Equal(new Dictionary<string, string> { ["severity"] = "critical", ["host"] = "web-1" });
        alert.Annotations["summary"].Should().Be("cpu-high: cpu.usage_user p95 on web-1 is 93.25 (eu)");
    }

    [Fact]
    public void Threshold_UsesTheRulesAggregate()
    {
        var rule = Threshold("max-high", Gt, 90) with { Aggregate = AggregateKind.Max };
        var evaluator = new AlertEvaluator([rule], new FakeTimeProvider(T0));
        var window = Window(0, 50);
        window.Max = 99;

        evaluator.Feed(window).Should().ContainSingle().Which.Value.Should().Be(99);
    }

    [Fact]
    public void Series_AreIndependent()
    {
        var evaluator = new AlertEvaluator([Threshold("cpu-high", Gt, 90, 2 * Minute)], new FakeTimeProvider(T0));

        evaluator.Feed(Window(0, 95, host: "a")).Should().ContainSingle().Which.State.Should().Be(AlertState.Pending);
        evaluator.Feed(Window(0, 50, host: "b")).Should().BeEmpty();
        evaluator.Feed(Window(1, 95, host: "b")).Should().ContainSingle().Which.State.Should().Be(AlertState.Pending);
        var fired = evaluator.Feed(Window(1, 95, host: "a")).Should().ContainSingle().Subject;

        fired.State.Should().Be(AlertState.Firing);
        fired.SeriesKey.Should().Be("acme/cpu,host=a");
    }
}
