using MetricStream.Processing.Alerts;
using static MetricStream.Processing.Tests.Alerts.AlertKit;

namespace MetricStream.Processing.Tests.Alerts;

/// <summary>An instance's alert activity: every task's firing list, withdrawn when the task closes, and the counters.</summary>
public class AlertActivityTests
{
    [Fact]
    public void Firing_MergesEveryPublisher_AndForgetsAWithdrawnOne()
    {
        var activity = new AlertActivity();
        object taskA = new(), taskB = new();
        activity.Publish(taskA, [Alert("mem-high", "acme/mem,host=a")]);
        activity.Publish(taskB, [Alert("cpu-high", "acme/cpu,host=b"), Alert("cpu-high", "acme/cpu,host=a")]);

        activity.Firing().Select(a => (a.RuleId, a.SeriesKey)).Should().Equal(("cpu-high", "acme/cpu,host=a"), ("cpu-high", "acme/cpu,host=b"), ("mem-high", "acme/mem,host=a"));
        activity.FiringNow.Should().Be(3);

        activity.Withdraw(taskB);
        activity.Publish(taskA, []);

        activity.Firing().Should().BeEmpty();
        activity.FiringNow.Should().Be(0);
    }

    [Fact]
    public void Counters_CountAggregatesAndTransitionsByState()
    {
        var activity = new AlertActivity();
        activity.CountAggregate();
        activity.CountAggregate();
        activity.CountTransition(AlertState.Firing);
        activity.CountTransition(AlertState.Resolved);
        activity.CountTransition(AlertState.Firing);

        activity.AggregatesEvaluated.Should().Be(2);
        activity.Transitions(AlertState.Firing).Should().Be(2);
        activity.Transitions(AlertState.Resolved).Should().Be(1);
        activity.Transitions(AlertState.Pending).Should().Be(0);
    }

    private static FiringAlert Alert(string rule, string series) => new(rule, series, "acme", new Dictionary<string, string>(), T0, 1);
}
