using MetricStream.Edge.Producing;
using MetricStream.Kafka.Health;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MetricStream.Edge.Tests.Producing;

public sealed class KafkaCircuitBreakerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly BrokerAvailability _availability = new();

    [Fact]
    public void Trip_OpensForTheBreakDurationThenClosesByItself()
    {
        using var breaker = new KafkaCircuitBreaker(_availability, _time, TimeSpan.FromSeconds(2), NullLogger.Instance);
        var waiting = breaker.OpenToken;

        breaker.Trip("test");

        breaker.IsOpen.Should().BeTrue();
        waiting.IsCancellationRequested.Should().BeTrue("waiting requests are released");
        breaker.RetryAfter(TimeSpan.FromSeconds(1)).Should().Be(TimeSpan.FromSeconds(2));
        _time.Advance(TimeSpan.FromMilliseconds(1_999));
        breaker.IsOpen.Should().BeTrue();
        _time.Advance(TimeSpan.FromMilliseconds(1));
        breaker.IsOpen.Should().BeFalse();
        breaker.OpenToken.IsCancellationRequested.Should().BeFalse("new waiters get a fresh token");
    }

    [Fact]
    public void BrokersDown_OpenAndReleaseWaiters_UntilABrokerIsUpAgain()
    {
        using var breaker = new KafkaCircuitBreaker(_availability, _time, TimeSpan.FromSeconds(2), NullLogger.Instance);
        var waiting = breaker.OpenToken;

        _availability.MarkDown();

        breaker.IsOpen.Should().BeTrue();
        waiting.IsCancellationRequested.Should().BeTrue();
        breaker.RetryAfter(TimeSpan.FromSeconds(1)).Should().Be(TimeSpan.FromSeconds(1), "no known end: the fallback");
        _time.Advance(TimeSpan.FromMinutes(5));
        breaker.IsOpen.Should().BeTrue("time alone does not close it while every broker is down");

        _availability.MarkUp();

        breaker.IsOpen.Should().BeFalse();
    }
}
