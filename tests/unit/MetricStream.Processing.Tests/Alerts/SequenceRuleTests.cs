using MetricStream.Processing.Aggregation;
using MetricStream.Processing.Alerts;
using Microsoft.Extensions.Time.Testing;
using static MetricStream.Processing.Tests.Alerts.AlertKit;

namespace MetricStream.Processing.Tests.Alerts;

/// <summary>Sequence rules: cpu p95 &gt; 90 for 2m, then mem &gt; 95 within 5m, on the same host.</summary>
public class SequenceRuleTests
{
    private readonly AlertEvaluator _evaluator;

    public SequenceRuleTests()
    {
        var first = new SequenceStep("cpu", "usage_user", AggregateKind.P95, ComparisonOperator.GreaterThan, 90) { For = 2 * Minute };
        var then = new SequenceStep("mem", "used_percent", AggregateKind.Last, ComparisonOperator.GreaterThan, 95);
        var rule = new AlertRule("cpu-then-mem", SeriesSelector.Any, new SequenceCondition(first, then, 5 * Minute, SequenceScope.Host))
        {
            Labels = new Dictionary<string, string> { ["host"] = "{{host}}" },
        };
        _evaluator = new AlertEvaluator([rule], new FakeTimeProvider(T0));
    }

    [Theory]
    [InlineData(6, "Firing", "the mem window ends at 7m, exactly 5m after A was satisfied (end of cpu window 1, 2m)")]
    [InlineData(7, "Inactive", "the mem window ends at 8m, 6m after A: too late, the pending sequence is cancelled")]
    [InlineData(1, "Firing", "the mem window ends at 2m, with A: B is not earlier than A")]
    public void MemAfterCpu_FiresOnlyWithinT(int memWindow, string expected, string because)
    {
        Cpu(0, 95).Should().BeEmpty("A needs 2m");
        Cpu(1, 95).Select(e => e.State).Should().Equal([AlertState.Pending], "A satisfied: waiting for B");
        Cpu(2, 50).Should().BeEmpty();

        var events = Mem(memWindow, 99, "web-1");

        string.Join(' ', events.Select(e => e.State)).Should().Be(expected, because);
    }

    [Fact]
    public void PendingSequence_IsCancelledWhenTPassesWithoutB()
    {
        Cpu(0, 95);
        Cpu(1, 95);

        Mem(7, 50, "web-1").Select(e => e.State).Should().Equal([AlertState.Inactive], "window end 8m is more than 5m after A at 2m");
    }

    [Fact]
    public void MemBeforeCpu_DoesNotFire()
    {
        Mem(0, 99, "web-1").Should().BeEmpty();
        Mem(1, 50, "web-1").Should().BeEmpty();

        Cpu(1, 95);
        Cpu(2, 95).Select(e => e.State).Should().Equal(AlertState.Pending);
    }

    [Fact]
    public void ShortCpuSpike_DoesNotSatisfyA()
    {
        Cpu(0, 95).Should().BeEmpty();
        Cpu(1, 50).Should().BeEmpty();

        Mem(2, 99, "web-1").Should().BeEmpty("A held for 1m only");
    }

    [Fact]
    public void OtherHost_DoesNotFire()
    {
        Cpu(0, 95);
        Cpu(1, 95);

        Mem(2, 99, "web-2").Should().BeEmpty();
        Mem(3, 99, "web-1").Single().Labels["host"].Should().Be("web-1");
    }

    [Fact]
    public void Firing_ResolvesWhenBStopsHolding_AndNotAgainWhileItHolds()
    {
        Cpu(0, 95);
        Cpu(1, 95);
        var fired = Mem(2, 99, "web-1").Single();
        Mem(3, 98, "web-1").Should().BeEmpty("still firing");

        var resolved = Mem(4, 50, "web-1").Single();

        fired.State.Should().Be(AlertState.Firing);
        fired.SeriesKey.Should().Be("acme/mem,host=web-1");
        fired.Value.Should().Be(99);
        resolved.State.Should().Be(AlertState.Resolved);
        Mem(5, 99, "web-1").Should().BeEmpty("a new episode needs A again");
    }

    private IReadOnlyList<AlertEvent> Cpu(int window, double value) => _evaluator.Feed(Window(window, value));

    private IReadOnlyList<AlertEvent> Mem(int window, double value, string host) =>
        _evaluator.Feed(Window(window, value, measurement: "mem", field: "used_percent", host: host));

    [Fact]
    public void Restore_FiringSequence_IsNotEmittedAgain()
    {
        Cpu(0, 95);
        Cpu(1, 95);
        Mem(2, 99, "web-1").Single().State.Should().Be(AlertState.Firing);
        var restored = new AlertEvaluator(_evaluator.Rules.Values, new FakeTimeProvider(T0));

        restored.Restore(_evaluator.Snapshot());

        restored.Feed(Window(3, 99, measurement: "mem", field: "used_percent")).Should().BeEmpty();
        var resolved = restored.Feed(Window(4, 50, measurement: "mem", field: "used_percent")).Single();
        resolved.State.Should().Be(AlertState.Resolved);
        restored.Delete("cpu-then-mem").Should().BeEmpty("nothing is firing any more");
    }

    [Fact]
    public void OnSeries_CorrelatesFieldsOfOneSeriesOnly()
    {
        var first = new SequenceStep("cpu", "usage_user", AggregateKind.Last, ComparisonOperator.GreaterThan, 90);
        var then = new SequenceStep("cpu", "usage_iowait", AggregateKind.Last, ComparisonOperator.GreaterThan, 50);
        var evaluator = new AlertEvaluator([new AlertRule("user-then-iowait", SeriesSelector.Any, new SequenceCondition(first, then, Minute, SequenceScope.Series))], new FakeTimeProvider(T0));
        evaluator.Feed(Window(0, 95, host: "a")).Select(e => e.State).Should().Equal(AlertState.Pending);

        evaluator.Feed(Window(1, 60, field: "usage_iowait", host: "b")).Should().BeEmpty("another series");
        var fired = evaluator.Feed(Window(1, 60, field: "usage_iowait", host: "a")).Single();

        fired.State.Should().Be(AlertState.Firing);
        fired.SeriesKey.Should().Be("acme/cpu,host=a");
    }
}
