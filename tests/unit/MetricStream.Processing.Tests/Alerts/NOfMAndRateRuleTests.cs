using MetricStream.Processing.Alerts;
using Microsoft.Extensions.Time.Testing;
using static MetricStream.Processing.Tests.Alerts.AlertKit;

namespace MetricStream.Processing.Tests.Alerts;

/// <summary>N-of-M and rate-of-change rules, table-driven on one-minute windows.</summary>
public class NOfMAndRateRuleTests
{
    private const ComparisonOperator Gt = ComparisonOperator.GreaterThan;

    public static TheoryData<string, int, int, double?[], string> NOfMCases() => new()
    {
        // name, N, M, p95 per window, transitions (rule: p95 > 90 in N of the last M windows)
        { "2 of 5: one hit is quiet", 2, 5, [95, 50, 50, 50, 50, 50], string.Empty },
        { "2 of 5: hits 4 windows apart fire", 2, 5, [95, 50, 50, 50, 95], "4:Firing" },
        { "2 of 5: hits 5 windows apart are quiet", 2, 5, [95, 50, 50, 50, 50, 95], string.Empty },
        { "3 of 5: resolves when the oldest hit leaves the last 5", 3, 5, [95, 95, 95, 50, 50, 50], "2:Firing 5:Resolved" },
        { "3 of 5: stays firing while 3 of the last 5 hit", 3, 5, [95, 95, 95, 50, 50, 95, 50, 50, 50], "2:Firing 6:Resolved" },
        { "1 of 1 equals a plain threshold", 1, 1, [95, 50], "0:Firing 1:Resolved" },
        { "5 of 5 needs every window", 5, 5, [95, 95, 95, 95, 50, 95, 95, 95, 95, 95], "9:Firing" },
    };

    [Theory]
    [MemberData(nameof(NOfMCases))]
    public void NOfM_WindowSequence_EmitsExactlyTheseTransitions(string name, int n, int m, double?[] values, string expected) =>
        Transitions(Rule("cpu-flaps", new NOfMCondition(Gt, 90, n, m)), values).Should().Be(expected, name);

    public static TheoryData<string, double?[], string> RateCases() => new()
    {
        // rule: change of p95 over 2m > 0.1 per second (6 per minute, 12 over two windows); value ramps
        { "no history for 2m yet: quiet", [0, 100], string.Empty },
        { "flat: quiet", [10, 10, 10, 10], string.Empty },
        { "rises 12 in 2m is not above 0.1/s", [0, 6, 12, 18], string.Empty },
        { "rises 13 in 2m fires", [0, 0, 13, 13, 13], "2:Firing 4:Resolved" },
        { "a fall is negative, quiet", [100, 50, 0], string.Empty },
        { "the baseline is the latest window at least 2m old, across a gap", [0, null, 30, 30, 30], "2:Firing 4:Resolved" },
    };

    [Theory]
    [MemberData(nameof(RateCases))]
    public void RateOfChange_WindowSequence_EmitsExactlyTheseTransitions(string name, double?[] values, string expected) =>
        Transitions(Rule("cpu-ramp", new RateOfChangeCondition(Gt, 0.1, 2 * Minute)), values).Should().Be(expected, name);

    [Fact]
    public void RateOfChange_EventValue_IsChangePerSecond()
    {
        var evaluator = new AlertEvaluator([Rule("cpu-ramp", new RateOfChangeCondition(Gt, 0.1, 2 * Minute))], new FakeTimeProvider(T0));
        evaluator.Feed(Window(0, 10));
        evaluator.Feed(Window(1, 20));

        evaluator.Feed(Window(2, 40)).Single().Value.Should().Be(0.25, "(40 - 10) / 120 s");
    }

    [Fact]
    public void RateOfChange_Falling_FiresWithNegativeThreshold()
    {
        var rule = Rule("disk-fill", new RateOfChangeCondition(ComparisonOperator.LessThan, -0.5, Minute));

        Transitions(rule, 100, 100, 60, 59).Should().Be("2:Firing 3:Resolved");
    }

    [Fact]
    public void NOfM_WithFor_NeedsTheCountToHoldThatLong()
    {
        var rule = Rule("flaps", new NOfMCondition(Gt, 90, 1, 2) { For = 3 * Minute });

        Transitions(rule, 95, 50, 95, 50).Should().Be("0:Pending 2:Firing", "1 of the last 2 holds from window 0 to 3; 3 minutes have passed at the end of window 2");
    }
}
