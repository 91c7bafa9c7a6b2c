using MetricStream.Edge.Admission;
using Microsoft.Extensions.Time.Testing;

namespace MetricStream.Edge.Tests.Admission;

public sealed class NewSeriesPolicyTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Admit_NewSeriesOverPerMinute_ThrottlesUntilTheWindowEnds()
    {
        var policy = new NewSeriesPolicy(new NewSeriesSettings { PerMinute = 10 }, _time);

        policy.Admit(Request(Enumerable.Range(0, 8))).Admitted.Should().BeTrue();
        _time.Advance(TimeSpan.FromSeconds(20));
        var refused = policy.Admit(Request(Enumerable.Range(100, 3)));

        refused.Admitted.Should().BeFalse();
        refused.RetryAfter.Should().Be(TimeSpan.FromSeconds(40));
        refused.Reason.Should().Contain("3 new series").And.Contain("10 new series per minute (8 used)");

        _time.Advance(TimeSpan.FromSeconds(40));
        policy.Admit(Request(Enumerable.Range(100, 3))).Admitted.Should().BeTrue();
    }

    [Fact]
    public void Admit_KnownSeries_AreNotCountedAgain()
    {
        var policy = new NewSeriesPolicy(new NewSeriesSettings { PerMinute = 5 }, _time);

        policy.Admit(Request([1, 2, 3, 4, 5])).Admitted.Should().BeTrue();
        for (var i = 0; i < 100; i++)
        {
            policy.Admit(Request([1, 2, 3, 4, 5, 5, 5])).Admitted.Should().BeTrue();
        }

        policy.Admit(Request([6])).Admitted.Should().BeFalse();
    }

    [Fact]
    public void Admit_DuplicatesInOneRequest_CountOnce()
    {
        var policy = new NewSeriesPolicy(new NewSeriesSettings { PerMinute = 2 }, _time);

        policy.Admit(Request([7, 7, 7, 8, 8])).Admitted.Should().BeTrue();
    }

    [Fact]
    public void Admit_SeriesUnseenForTwoGenerations_CountsAsNewAgain()
    {
        var policy = new NewSeriesPolicy(new NewSeriesSettings { PerMinute = 1, Generation = TimeSpan.FromMinutes(10) }, _time);
        policy.Admit(Request([1])).Admitted.Should().BeTrue();

        _time.Advance(TimeSpan.FromMinutes(10));
        policy.Admit(Request([2])).Admitted.Should().BeTrue();
        _time.Advance(TimeSpan.FromMinutes(1));
        policy.Admit(Request([2])).Admitted.Should().BeTrue("2 is in the current generation");
        _time.Advance(TimeSpan.FromMinutes(10));
        policy.Admit(Request([1])).Admitted.Should().BeTrue("1 is new again, within this window's budget");
        policy.Admit(Request([3])).Admitted.Should().BeFalse();
    }

    [Fact]
    public void Admit_TrackedSeriesBound_RotatesInsteadOfGrowing()
    {
        var policy = new NewSeriesPolicy(new NewSeriesSettings { PerMinute = 1_000_000, TrackedSeries = 100 }, _time);

        policy.Admit(Request(Enumerable.Range(0, 1_000))).Admitted.Should().BeTrue();

        // Memory is two generations of at most 100 series: early series are forgotten and count as new again.
        var limited = new NewSeriesPolicy(new NewSeriesSettings { PerMinute = 150, TrackedSeries = 100 }, _time);
        limited.Admit(Request(Enumerable.Range(0, 150))).Admitted.Should().BeTrue();
        _time.Advance(TimeSpan.FromMinutes(1));
        limited.Admit(Request(Enumerable.Range(150, 100))).Admitted.Should().BeTrue("100 new of 150");
        limited.Admit(Request(Enumerable.Range(100, 100))).Admitted.Should().BeTrue("100..199 are remembered: no new series");
        limited.Admit(Request(Enumerable.Range(0, 60))).Admitted.Should().BeFalse("0..59 were forgotten: 60 new would pass 150");
    }

    private static AdmissionRequest Request(IEnumerable<int> series) => new("t", 1, series.Select(s => (ulong)s).ToList());
}
