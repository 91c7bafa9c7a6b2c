using MetricStream.Processing.Alerts;
using Microsoft.Extensions.Time.Testing;
using static MetricStream.Processing.Tests.Alerts.AlertKit;

namespace MetricStream.Processing.Tests.Alerts;

/// <summary>State survives restarts (snapshot/restore) and rule replacement keeps unrelated state.</summary>
public class SnapshotAndRuleTableTests
{
    private static readonly AlertRule CpuHigh = Threshold("cpu-high", ComparisonOperator.GreaterThan, 90, 2 * Minute, 2 * Minute);
    private static readonly AlertRule CpuLow = Threshold("cpu-low", ComparisonOperator.LessThan, 5);
    private readonly FakeTimeProvider _time = new(T0);

    [Fact]
    public void Restore_FiringAlert_IsNotEmittedAgainAndResolvesLater()
    {
        var before = new AlertEvaluator([CpuHigh], _time);
        before.Feed(Window(0, 95));
        before.Feed(Window(1, 95)).Single().State.Should().Be(AlertState.Firing);
        var snapshot = before.Snapshot();

        var after = new AlertEvaluator([CpuHigh], _time);
        after.Restore(snapshot);

        after.Feed(Window(1, 95)).Should().BeEmpty("a replayed window is late");
        after.Feed(Window(2, 95)).Should().BeEmpty("no duplicate firing after a restart");
        after.Feed(Window(3, 10)).Should().BeEmpty("keep_firing_for 2m: one false minute keeps it firing");
        after.Feed(Window(4, 10)).Single().State.Should().Be(AlertState.Resolved);
    }

    [Fact]
    public void Restore_WithoutSnapshot_WouldFireAgain()
    {
        // The control for the test above: a fresh evaluator does emit.
        var fresh = new AlertEvaluator([CpuHigh], _time);
        fresh.Feed(Window(2, 95));

        fresh.Feed(Window(3, 95)).Single().State.Should().Be(AlertState.Firing);
    }

    [Fact]
    public void Restore_KeepsPendingProgressAndEveryConditionKind()
    {
        var rules = new AlertRule[]
        {
            CpuHigh,
            Rule("flaps", new NOfMCondition(ComparisonOperator.GreaterThan, 90, 2, 3)),
            Rule("ramp", new RateOfChangeCondition(ComparisonOperator.GreaterThan, 0.5, Minute)),
            Rule("silent", new AbsenceCondition(Minute), field: null),
        };
        var before = new AlertEvaluator(rules, _time);
        before.Feed(Window(0, 95)).Select(e => e.RuleId).Should().Equal("cpu-high");
        var after = new AlertEvaluator(rules, _time);

        after.Restore(before.Snapshot());

        after.Feed(Window(1, 200)).Select(e => $"{e.RuleId}:{e.State}").Should().BeEquivalentTo("cpu-high:Firing", "flaps:Firing", "ramp:Firing");
        after.Counters.TrackedSeries.Should().Be(4);
    }

    [Fact]
    public void Restore_FiringAbsence_IsNotEmittedAgain_AndQuietSeriesGetAFreshPeriod()
    {
        var silent = Rule("silent", new AbsenceCondition(2 * Minute), field: null);
        var before = new AlertEvaluator([silent], _time);
        before.Feed(Window(0, 1, host: "dead"));
        _time.Advance(3 * Minute);
        before.Feed(Window(3, 1, host: "alive"));
        before.OnWallClock(_time.GetUtcNow()).Select(e => e.SeriesKey).Should().Equal("acme/cpu,host=dead");
        var snapshot = before.Snapshot();
        _time.Advance(10 * Minute);

        var after = new AlertEvaluator([silent], _time);
        after.Restore(snapshot);

        after.OnWallClock(_time.GetUtcNow()).Should().BeEmpty("'dead' fires already; 'alive' gets 2m from the restore");
        _time.Advance(2 * Minute);
        after.OnWallClock(_time.GetUtcNow()).Select(e => e.SeriesKey).Should().Equal("acme/cpu,host=alive");
    }

    [Fact]
    public void Restore_ChangedRule_DropsItsStateOnly()
    {
        var before = new AlertEvaluator([CpuHigh, CpuLow], _time);
        before.Feed(Window(0, 95));
        before.Feed(Window(1, 95));
        before.Feed(Window(1, 1, host: "idle")).Single().RuleId.Should().Be("cpu-low");
        var changed = CpuHigh with { Condition = new ThresholdCondition(ComparisonOperator.GreaterThan, 80) };

        var after = new AlertEvaluator([changed, CpuLow], _time);
        after.Restore(before.Snapshot());

        after.Feed(Window(2, 95)).Single().State.Should().Be(AlertState.Firing, "the changed rule starts afresh");
        after.Feed(Window(2, 1, host: "idle")).Should().BeEmpty("cpu-low kept its firing state");
    }

    [Fact]
    public void Restore_Garbage_Throws()
    {
        var evaluator = new AlertEvaluator([CpuHigh], _time);

        evaluator.Invoking(e => e.Restore("nope"u8)).Should().Throw<InvalidDataException>();
        evaluator.Invoking(e => e.Restore(new AlertEvaluator([CpuHigh], _time).Snapshot().AsSpan(0, 9))).Should().Throw<InvalidDataException>();
    }

    [Fact]
    public void Put_IdenticalRule_KeepsState()
    {
        var evaluator = new AlertEvaluator([CpuHigh], _time);
        evaluator.Feed(Window(0, 95));
        evaluator.Feed(Window(1, 95)).Should().ContainSingle();

        evaluator.Put(CpuHigh with { Labels = new Dictionary<string, string>() }).Should().BeEmpty();

        evaluator.Feed(Window(2, 95)).Should().BeEmpty("still firing, not fired again");
    }

    [Fact]
    public void Put_AnotherRule_KeepsUnrelatedState()
    {
        var evaluator = new AlertEvaluator([CpuHigh], _time);
        evaluator.Feed(Window(0, 95)).Single().State.Should().Be(AlertState.Pending);

        evaluator.Put(CpuLow).Should().BeEmpty();
        evaluator.Delete("nonexistent").Should().BeEmpty();

        evaluator.Feed(Window(1, 95)).Single().State.Should().Be(AlertState.Firing, "cpu-high's pending progress survived");
        evaluator.Rules.Keys.Should().BeEquivalentTo("cpu-high", "cpu-low");
    }

    [Fact]
    public void Put_ChangedRule_ResolvesItsFiringAlertsAndStartsAfresh()
    {
        var evaluator = new AlertEvaluator([CpuHigh, CpuLow], _time);
        evaluator.Feed(Window(0, 95));
        evaluator.Feed(Window(1, 95));
        evaluator.Feed(Window(1, 1, host: "idle"));
        _time.Advance(Minute);

        var events = evaluator.Put(CpuHigh with { Condition = new ThresholdCondition(ComparisonOperator.GreaterThan, 99) });

        var resolved = events.Should().ContainSingle().Subject;
        resolved.State.Should().Be(AlertState.Resolved);
        resolved.Value.Should().Be(95, "the last value the old version saw");
        resolved.EventTime.Should().Be(T0 + Minute);
        resolved.WindowEnd.Should().Be(T0 + (2 * Minute));
        evaluator.Feed(Window(2, 95)).Should().BeEmpty("95 is not above 99");
        evaluator.Feed(Window(2, 1, host: "idle")).Should().BeEmpty("cpu-low is still firing");
    }

    [Fact]
    public void Delete_ResolvesFiringAlertsAndStopsEvaluating()
    {
        var evaluator = new AlertEvaluator([CpuLow], _time);
        evaluator.Feed(Window(0, 1));

        evaluator.Delete("cpu-low").Select(e => e.State).Should().Equal(AlertState.Resolved);

        evaluator.Feed(Window(1, 1)).Should().BeEmpty();
        evaluator.Rules.Should().BeEmpty();
    }
}
