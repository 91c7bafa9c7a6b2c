using MetricStream.Edge.Admission;
using Microsoft.Extensions.Time.Testing;

namespace MetricStream.Edge.Tests.Admission;

public sealed class TokenBucketPolicyTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Admit_WithinBurst_AdmitsThenThrottlesWithRetryForMissingTokens()
    {
        var bucket = new TokenBucketPolicy(new TokenBucketSettings { PointsPerSecond = 100, Burst = 200 }, _time);

        bucket.Admit(Request(150)).Admitted.Should().BeTrue();
        var refused = bucket.Admit(Request(100));

        refused.Admitted.Should().BeFalse();
        refused.RetryAfter.Should().Be(TimeSpan.FromMilliseconds(500), "50 tokens are left, 50 more accrue in 0.5 s");
        refused.Reason.Should().Contain("100 points/s");
    }

    [Fact]
    public void Admit_AfterWaiting_RefillsAtTheRateUpToTheBurst()
    {
        var bucket = new TokenBucketPolicy(new TokenBucketSettings { PointsPerSecond = 100, Burst = 200 }, _time);
        bucket.Admit(Request(200)).Admitted.Should().BeTrue();

        _time.Advance(TimeSpan.FromMilliseconds(500));
        bucket.Admit(Request(51)).Admitted.Should().BeFalse();
        bucket.Admit(Request(50)).Admitted.Should().BeTrue();

        _time.Advance(TimeSpan.FromHours(1));
        bucket.Tokens.Should().Be(200, "the bucket never holds more than the burst");
    }

    [Fact]
    public void Admit_RequestLargerThanBurst_PassesOnlyWhenFullAndLeavesDebt()
    {
        var bucket = new TokenBucketPolicy(new TokenBucketSettings { PointsPerSecond = 10, Burst = 100 }, _time);

        bucket.Admit(Request(1_000)).Admitted.Should().BeTrue("a full bucket lets a single oversized request through");
        bucket.Tokens.Should().Be(-900);
        var refused = bucket.Admit(Request(1));
        refused.Admitted.Should().BeFalse();
        refused.RetryAfter.Should().Be(TimeSpan.FromSeconds(90.1));

        _time.Advance(TimeSpan.FromSeconds(100));
        bucket.Admit(Request(1_000)).Admitted.Should().BeTrue();
    }

    [Fact]
    public void Admit_ConcurrentRequests_NeverAdmitMoreThanTheBucketHolds()
    {
        var bucket = new TokenBucketPolicy(new TokenBucketSettings { PointsPerSecond = 1, Burst = 1_000 }, _time);
        var admitted = 0;

        Parallel.For(0, 10_000, _ =>
        {
            if (bucket.Admit(Request(1)).Admitted)
            {
                Interlocked.Increment(ref admitted);
            }
        });

        admitted.Should().Be(1_000);
    }

    [Theory]
    [InlineData(0, 10, "pointsPerSecond must be a positive number")]
    [InlineData(-1, 10, "pointsPerSecond must be a positive number")]
    [InlineData(10, 0.5, "burst must be at least 1")]
    public void Settings_Invalid_AreReported(double rate, double burst, string problem)
    {
        new TokenBucketSettings { PointsPerSecond = rate, Burst = burst }.Validate().Should().Contain(problem);
    }

    private static AdmissionRequest Request(int points) => new("t", points, []);
}
