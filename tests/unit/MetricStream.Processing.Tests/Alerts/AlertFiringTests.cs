using MetricStream.Processing.Alerts;
using Microsoft.Extensions.Time.Testing;
using static MetricStream.Processing.Tests.Alerts.AlertKit;

namespace MetricStream.Processing.Tests.Alerts;

/// <summary>What fires now (<see cref="AlertEvaluator.Firing"/>): follows the transitions and survives a restore.</summary>
public class AlertFiringTests
{
    private static readonly AlertRule CpuHigh = Threshold("cpu-high", ComparisonOperator.GreaterThan, 90, 2 * Minute) with
    {
        Labels = new Dictionary<string, string> { ["severity"] = "warning" },
    };

    private readonly FakeTimeProvider _time = new(T0);

    [Fact]
    public void Firing_ListsTheAlertFromItsFiringTransitionUntilItResolves()
    {
        var evaluator = new AlertEvaluator([CpuHigh], _time);
        evaluator.Feed(Window(0, 95));
        evaluator.Firing().Should().BeEmpty("pending is not firing");

        evaluator.Feed(Window(1, 97));
        var alert = evaluator.Firing().Should().ContainSingle().Subject;
        evaluator.Feed(Window(2, 10));

        evaluator.Firing().Should().BeEmpty("resolved");
        alert.RuleId.Should().Be("cpu-high");
        alert.SeriesKey.Should().Be("acme/cpu,host=web-1");
        alert.Tenant.Should().Be("acme");
        alert.Tags.Should().Equal(new Dictionary<string, string> { ["host"] = "web-1" });
        alert.Since.Should().Be(T0 + (2 * Minute) - TimeSpan.FromMilliseconds(1), "the firing window's record time");
        alert.Value.Should().Be(97);
        alert.Labels["severity"].Should().Be("warning");
    }

    [Fact]
    public void Firing_SurvivesSnapshotAndRestore_WithItsOriginalSince()
    {
        var before = new AlertEvaluator([CpuHigh], _time);
        before.Feed(Window(0, 95));
        before.Feed(Window(1, 95));
        var since = before.Firing().Single().Since;

        var after = new AlertEvaluator([CpuHigh], _time);
        after.Restore(before.Snapshot());

        after.Firing().Should().ContainSingle().Which.Since.Should().Be(since);
        after.Feed(Window(2, 10));
        after.Firing().Should().BeEmpty("the restored alert resolves like any other");
    }

    [Fact]
    public void Firing_OfAChangedOrDeletedRule_IsGone()
    {
        var before = new AlertEvaluator([CpuHigh], _time);
        before.Feed(Window(0, 95));
        before.Feed(Window(1, 95));
        var snapshot = before.Snapshot();

        var changed = new AlertEvaluator([CpuHigh with { Aggregate = MetricStream.Processing.Aggregation.AggregateKind.Max }], _time);
        changed.Restore(snapshot);
        before.Delete("cpu-high");

        changed.Firing().Should().BeEmpty("the rule's state was dropped on restore, so is its firing alert");
        before.Firing().Should().BeEmpty("a deleted rule resolves its alerts");
    }

    [Fact]
    public void Firing_AbsenceAlert_IsListedWithTheSecondsOfSilence()
    {
        var evaluator = new AlertEvaluator([Rule("silent", new AbsenceCondition(2 * Minute), field: null)], _time);
        evaluator.Feed(Window(0, 10));
        _time.Advance(3 * Minute);
        evaluator.OnWallClock(_time.GetUtcNow());

        var alert = evaluator.Firing().Should().ContainSingle().Subject;

        alert.Value.Should().Be(180);
        alert.Since.Should().Be(T0 + (3 * Minute));
    }
}
