using MetricStream.Processing.Alerts;
using MetricStream.Processing.Topology;
using Microsoft.Extensions.Time.Testing;
using static MetricStream.Processing.Tests.Alerts.AlertKit;

namespace MetricStream.Processing.Tests.Alerts;

/// <summary>A series silent for much longer than its absence rule stops being tracked (no unbounded state for dead hosts).</summary>
public class AlertAbsenceExpiryTests
{
    private readonly FakeTimeProvider _time = new(T0);

    [Fact]
    public void SilentSeries_FiresThenResolvesAndIsForgottenAtExpiry()
    {
        var evaluator = new AlertEvaluator([Rule("silent", new AbsenceCondition(2 * Minute) { ExpireAfter = TimeSpan.FromHours(1) }, field: null)], _time);
        evaluator.Feed(Window(0, 10));
        _time.Advance(2 * Minute);
        evaluator.OnWallClock(_time.GetUtcNow()).Single().State.Should().Be(AlertState.Firing);

        _time.Advance(TimeSpan.FromHours(1) - (2 * Minute) - TimeSpan.FromMilliseconds(1));
        evaluator.OnWallClock(_time.GetUtcNow()).Should().BeEmpty("1 ms short of the expiry");
        evaluator.Counters.TrackedSeries.Should().Be(1);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var resolved = evaluator.OnWallClock(_time.GetUtcNow()).Should().ContainSingle().Subject;

        resolved.State.Should().Be(AlertState.Resolved);
        resolved.Value.Should().Be(3600, "seconds of silence");
        evaluator.Counters.TrackedSeries.Should().Be(0, "the series is no longer tracked");
        evaluator.Firing().Should().BeEmpty();
        _time.Advance(TimeSpan.FromHours(5));
        evaluator.OnWallClock(_time.GetUtcNow()).Should().BeEmpty("a forgotten series never fires again");
    }

    [Fact]
    public void ExpiredSeriesThatReturns_IsTrackedAfresh()
    {
        var evaluator = new AlertEvaluator([Rule("silent", new AbsenceCondition(2 * Minute), field: null)], _time);
        evaluator.Feed(Window(0, 10));
        _time.Advance(2 * Minute);
        evaluator.OnWallClock(_time.GetUtcNow()).Single().State.Should().Be(AlertState.Firing);
        _time.Advance(TimeSpan.FromHours(1) - (2 * Minute));
        evaluator.OnWallClock(_time.GetUtcNow()).Single().State.Should().Be(AlertState.Resolved, "default expiry: max(30 x 2m, 1h) = 1h");

        evaluator.Feed(Window(60, 10)).Should().BeEmpty("a returning series is new: nothing to resolve");
        _time.Advance(2 * Minute);

        evaluator.OnWallClock(_time.GetUtcNow()).Single().State.Should().Be(AlertState.Firing);
    }

    [Fact]
    public void DefaultExpiry_IsThirtyTimesForButAtLeastAnHour()
    {
        new AbsenceCondition(TimeSpan.FromMinutes(2)).EffectiveExpireAfter.Should().Be(TimeSpan.FromHours(1));
        new AbsenceCondition(TimeSpan.FromMinutes(10)).EffectiveExpireAfter.Should().Be(TimeSpan.FromHours(5));
    }

    [Fact]
    public void RuleFile_ReadsExpireAfter_AndRejectsOneNotLongerThanFor()
    {
        const string Good = "rules:\n  - id: s\n    select: { measurement: cpu }\n    absence: { for: 2m, expire_after: 6h }\n";
        const string Bad = "rules:\n  - id: s\n    select: { measurement: cpu }\n    absence: { for: 2m, expire_after: 1m }\n";

        AlertRuleLoader.Load(Good, "a.yaml").Single().Condition.Should().BeOfType<AbsenceCondition>().Which.ExpireAfter.Should().Be(TimeSpan.FromHours(6));
        var act = () => AlertRuleLoader.Load(Bad, "a.yaml");
        act.Should().Throw<TopologyValidationException>().Which.Issues.Should().ContainSingle(i => i.Key == "rules[s].absence.expire_after");
    }
}
