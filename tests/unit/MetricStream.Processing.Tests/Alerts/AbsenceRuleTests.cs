using MetricStream.Processing.Alerts;
using Microsoft.Extensions.Time.Testing;
using static MetricStream.Processing.Tests.Alerts.AlertKit;

namespace MetricStream.Processing.Tests.Alerts;

/// <summary>Absence rules run on the wall clock (a <see cref="FakeTimeProvider"/>), not on event time.</summary>
public class AbsenceRuleTests
{
    private readonly FakeTimeProvider _time = new(T0);
    private readonly AlertEvaluator _evaluator;

    public AbsenceRuleTests()
    {
        var rule = Rule("agent-silent", new AbsenceCondition(2 * Minute), field: null) with
        {
            Annotations = new Dictionary<string, string> { ["summary"] = "no cpu data from {{host}} for {{value}} s" },
        };
        _evaluator = new AlertEvaluator([rule], _time);
    }

    [Fact]
    public void InputStops_FiresOnceWhenWallClockReachesTheDuration()
    {
        _evaluator.Feed(Window(0, 10)).Should().BeEmpty();

        _time.Advance(2 * Minute - TimeSpan.FromMilliseconds(1));
        _evaluator.OnWallClock(_time.GetUtcNow()).Should().BeEmpty("1 ms short of 2m");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var fired = _evaluator.OnWallClock(_time.GetUtcNow()).Should().ContainSingle().Subject;
        _time.Advance(10 * Minute);

        _evaluator.OnWallClock(_time.GetUtcNow()).Should().BeEmpty("firing is emitted once");
        fired.State.Should().Be(AlertState.Firing);
        fired.SeriesKey.Should().Be("acme/cpu,host=web-1");
        fired.EventTime.Should().Be(T0 + (2 * Minute));
        fired.WindowEnd.Should().Be(T0 + Minute, "the last window seen");
        fired.Annotations["summary"].Should().Be("no cpu data from web-1 for 120 s");
    }

    [Fact]
    public void DataKeepsComing_StaysQuietWhateverTheEventTimes()
    {
        for (var i = 0; i < 10; i++)
        {
            _evaluator.Feed(Window(i * 10, 10)).Should().BeEmpty();
            _time.Advance(Minute);
            _evaluator.OnWallClock(_time.GetUtcNow()).Should().BeEmpty();
        }
    }

    [Fact]
    public void DataReturns_Resolves()
    {
        _evaluator.Feed(Window(0, 10));
        _time.Advance(3 * Minute);
        _evaluator.OnWallClock(_time.GetUtcNow()).Should().ContainSingle();

        var resolved = _evaluator.Feed(Window(3, 10)).Should().ContainSingle().Subject;

        resolved.State.Should().Be(AlertState.Resolved);
        resolved.WindowEnd.Should().Be(T0 + (4 * Minute));
        _evaluator.OnWallClock(_time.GetUtcNow()).Should().BeEmpty("data was just seen");
    }

    [Fact]
    public void ReplayedOldWindow_DoesNotResolve()
    {
        _evaluator.Feed(Window(5, 10));
        _time.Advance(3 * Minute);
        _evaluator.OnWallClock(_time.GetUtcNow()).Should().ContainSingle();

        _evaluator.Feed(Window(4, 10)).Should().BeEmpty("a late window says nothing about now");

        _evaluator.Counters.LateAggregates.Should().Be(1);
    }

    [Fact]
    public void NeverSeenSeries_DoesNotFire()
    {
        _time.Advance(TimeSpan.FromHours(1));

        _evaluator.OnWallClock(_time.GetUtcNow()).Should().BeEmpty();
    }

    [Fact]
    public void OneSeriesStops_OnlyThatSeriesFires()
    {
        _evaluator.Feed(Window(0, 10, host: "a"));
        _evaluator.Feed(Window(0, 10, host: "b"));
        _time.Advance(90 * TimeSpan.FromSeconds(1));
        _evaluator.Feed(Window(1, 10, host: "b"));
        _time.Advance(TimeSpan.FromSeconds(30));

        _evaluator.OnWallClock(_time.GetUtcNow()).Select(e => e.SeriesKey).Should().Equal("acme/cpu,host=a");
    }
}
