using MetricStream.Sinks.Resilience;
using MetricStream.Sinks.Resilience.Internal;
using Microsoft.Extensions.Time.Testing;

namespace MetricStream.Sinks.Tests.Resilience;

public sealed class CircuitBreakerTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void OpensAfterThreshold_AllowsOneProbeAfterTheOpenPeriod_ReopensWhenItFails()
    {
        var breaker = new CircuitBreaker(3, TimeSpan.FromSeconds(5), _time);
        breaker.OnFailure();
        breaker.OnFailure();
        breaker.TryAcquire(TimeSpan.FromMilliseconds(100), out _).Should().BeTrue();
        breaker.OnFailure();

        breaker.State.Should().Be(CircuitState.Open);
        breaker.TryAcquire(TimeSpan.FromMilliseconds(100), out var wait).Should().BeFalse();
        wait.Should().Be(TimeSpan.FromSeconds(5));

        _time.Advance(TimeSpan.FromSeconds(5));
        breaker.State.Should().Be(CircuitState.HalfOpen);
        breaker.TryAcquire(TimeSpan.FromMilliseconds(100), out _).Should().BeTrue("the probe");
        breaker.TryAcquire(TimeSpan.FromMilliseconds(100), out wait).Should().BeFalse("only one probe at a time");
        wait.Should().Be(TimeSpan.FromMilliseconds(100));

        breaker.OnFailure();
        breaker.State.Should().Be(CircuitState.Open);
        breaker.Openings.Should().Be(2);
        _time.Advance(TimeSpan.FromSeconds(5));
        breaker.TryAcquire(TimeSpan.Zero, out _).Should().BeTrue();
        breaker.OnSuccess();
        breaker.State.Should().Be(CircuitState.Closed);
    }

    [Fact]
    public void SuccessResetsTheFailureCount()
    {
        var breaker = new CircuitBreaker(2, TimeSpan.FromSeconds(5), _time);
        breaker.OnFailure();
        breaker.OnSuccess();
        breaker.OnFailure();
        breaker.State.Should().Be(CircuitState.Closed);
    }

    [Theory]
    [InlineData(0, 100, 200)]
    [InlineData(3, 800, 1600)]
    [InlineData(20, 5000, 10000)]
    public void Backoff_IsExponentialWithJitter_Capped(int attempt, int minMs, int maxMs)
    {
        var random = new Random(42);
        for (var i = 0; i < 100; i++)
        {
            var delay = Backoff.Delay(attempt, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), null, random);
            delay.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(minMs)).And.BeLessThan(TimeSpan.FromMilliseconds(maxMs));
        }
    }

    [Fact]
    public void Backoff_HonoursALongerRetryAfter()
    {
        Backoff.Delay(0, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), new Random(1)).Should().Be(TimeSpan.FromSeconds(30));
    }
}
