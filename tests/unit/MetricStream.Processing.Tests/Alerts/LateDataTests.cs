using MetricStream.Processing.Aggregation;
using MetricStream.Processing.Alerts;
using Microsoft.Extensions.Time.Testing;
using static MetricStream.Processing.Tests.Alerts.AlertKit;

namespace MetricStream.Processing.Tests.Alerts;

/// <summary>Windows older than what a rule already evaluated for a series are counted and ignored.</summary>
public class LateDataTests
{
    [Fact]
    public void LateQuietWindow_DoesNotResolveAFiringAlert()
    {
        var evaluator = new AlertEvaluator([Threshold("cpu-high", ComparisonOperator.GreaterThan, 90)], new FakeTimeProvider(T0));
        evaluator.Feed(Window(5, 95)).Should().ContainSingle();

        evaluator.Feed(Window(3, 10)).Should().BeEmpty("window 3 is older than window 5");
        evaluator.Feed(Window(5, 10)).Should().BeEmpty("window 5 again (a replay) is late too");
        evaluator.Feed(Window(6, 95)).Should().BeEmpty("still firing");

        evaluator.Counters.LateAggregates.Should().Be(2);
        evaluator.Counters.AggregatesIn.Should().Be(4);
    }

    [Fact]
    public void LateHotWindow_DoesNotFireOrAdvancePending()
    {
        var evaluator = new AlertEvaluator([Threshold("cpu-high", ComparisonOperator.GreaterThan, 90, 2 * Minute)], new FakeTimeProvider(T0));
        evaluator.Feed(Window(5, 10)).Should().BeEmpty();

        evaluator.Feed(Window(3, 95)).Should().BeEmpty();
        evaluator.Feed(Window(4, 95)).Should().BeEmpty();

        evaluator.Feed(Window(6, 95)).Select(e => e.State).Should().Equal(AlertState.Pending);
        evaluator.Counters.LateAggregates.Should().Be(2);
    }

    [Fact]
    public void LateWindow_InSequence_IsIgnored()
    {
        var first = new SequenceStep("cpu", "usage_user", AggregateKind.P95, ComparisonOperator.GreaterThan, 90);
        var then = new SequenceStep("mem", "used_percent", AggregateKind.Last, ComparisonOperator.GreaterThan, 95);
        var evaluator = new AlertEvaluator([new AlertRule("seq", SeriesSelector.Any, new SequenceCondition(first, then, 5 * Minute, SequenceScope.Host))], new FakeTimeProvider(T0));
        evaluator.Feed(Window(10, 50));
        evaluator.Feed(Window(10, 99, measurement: "mem", field: "used_percent"));

        evaluator.Feed(Window(9, 95)).Should().BeEmpty("a late cpu window does not satisfy A");

        evaluator.Counters.LateAggregates.Should().Be(1);
    }

    [Fact]
    public void LateWindowOfOneSeries_DoesNotAffectAnother()
    {
        var evaluator = new AlertEvaluator([Threshold("cpu-high", ComparisonOperator.GreaterThan, 90)], new FakeTimeProvider(T0));
        evaluator.Feed(Window(5, 10, host: "a"));

        evaluator.Feed(Window(3, 95, host: "b")).Should().ContainSingle("series b has not seen window 3 yet");
        evaluator.Counters.LateAggregates.Should().Be(0);
    }
}
