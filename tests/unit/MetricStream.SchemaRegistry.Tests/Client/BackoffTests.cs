using MetricStream.SchemaRegistry.Client.Internal;

namespace MetricStream.SchemaRegistry.Tests.Client;

public class BackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(3, 400)]
    [InlineData(4, 800)]
    [InlineData(5, 1000)]
    [InlineData(40, 1000)]
    public void After_FullJitter_DoublesUpToTheCap(int attempt, int expectedMs)
    {
        new Backoff(Initial, Max, () => 1.0).After(attempt).Should().Be(TimeSpan.FromMilliseconds(expectedMs));
    }

    [Theory]
    [InlineData(1, 50)]
    [InlineData(3, 200)]
    [InlineData(9, 500)]
    public void After_NoJitter_IsHalfTheCeiling(int attempt, int expectedMs)
    {
        new Backoff(Initial, Max, () => 0.0).After(attempt).Should().Be(TimeSpan.FromMilliseconds(expectedMs));
    }

    [Fact]
    public void After_RandomJitter_StaysBetweenHalfAndAllOfTheCeiling()
    {
        var backoff = new Backoff(Initial, Max, Random.Shared.NextDouble);

        for (var i = 0; i < 1000; i++)
        {
            backoff.After(3).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(200)).And.BeLessThanOrEqualTo(TimeSpan.FromMilliseconds(400));
        }
    }
}
