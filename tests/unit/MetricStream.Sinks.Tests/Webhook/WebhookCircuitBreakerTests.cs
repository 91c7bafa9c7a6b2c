using MetricStream.Sinks.Resilience;
using MetricStream.Sinks.Tests.Support;
using MetricStream.Sinks.Webhook;

namespace MetricStream.Sinks.Tests.Webhook;

/// <summary>The notifier's circuit breaker on fake time: it opens, holds every request back, and one probe closes it.</summary>
public sealed class WebhookCircuitBreakerTests : ReceiverTests
{
    private readonly ListDeadLetters _deadLetters = new();
    private volatile bool _failing = true;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Receiver.Respond = (_, _) => new HttpAnswer(_failing ? 503 : 200);
    }

    [Fact]
    public async Task ConsecutiveFailures_OpenTheBreaker_NoRequestWhileOpen_ThenAProbeClosesIt()
    {
        await using var notifier = new WebhookNotifier(
            new WebhookNotifierOptions
            {
                Url = new Uri(Receiver.Url, "hooks/alerts"), Name = "test", TimeProvider = Time,
                RetryBaseDelay = TimeSpan.FromSeconds(1), RetryMaxDelay = TimeSpan.FromSeconds(2),
                BreakerFailureThreshold = 3, BreakerOpenDuration = TimeSpan.FromSeconds(30), MaxAttempts = 100,
            },
            _deadLetters);

        var first = notifier.NotifyAsync(WebhookNotifierTests.Firing("cpu-high", 91));
        await Time.AdvanceUntilAsync(() => notifier.Snapshot().Circuit == CircuitState.Open, TimeSpan.FromMilliseconds(250), "the breaker to open");
        var openedAt = Time.GetUtcNow();
        var second = notifier.NotifyAsync(WebhookNotifierTests.Firing("mem-high", 96));
        _failing = false;
        await Time.AdvanceUntilAsync(() => first.IsCompleted && second.IsCompleted, TimeSpan.FromSeconds(2), "both notifications delivered after the open period");
        await Task.WhenAll(first, second);

        var requests = Receiver.Requests;
        requests.Should().HaveCount(5, "three failures, then the probe and the other notification");
        requests.Skip(3).Should().OnlyContain(r => r.FakeTime >= openedAt + TimeSpan.FromSeconds(30), "nothing goes while the breaker is open");
        requests.Skip(3).Select(r => r.Json().GetProperty("ruleId").GetString()).Should().BeEquivalentTo("cpu-high", "mem-high");
        var snapshot = notifier.Snapshot();
        snapshot.Circuit.Should().Be(CircuitState.Closed);
        snapshot.BreakerOpenings.Should().Be(1);
        snapshot.Delivered.Should().Be(2);
        _deadLetters.Letters.Should().BeEmpty();
    }

    [Fact]
    public async Task BreakerOpenLongerThanMaxRetryDuration_NewNotificationDeadLetteredWithoutARequest()
    {
        await using var notifier = new WebhookNotifier(
            new WebhookNotifierOptions
            {
                Url = new Uri(Receiver.Url, "hooks/alerts"), Name = "test", TimeProvider = Time,
                RetryBaseDelay = TimeSpan.FromSeconds(1), RetryMaxDelay = TimeSpan.FromSeconds(2),
                BreakerFailureThreshold = 1, BreakerOpenDuration = TimeSpan.FromMinutes(10), MaxAttempts = 1,
                MaxRetryDuration = TimeSpan.FromMinutes(1),
            },
            _deadLetters);
        await notifier.NotifyAsync(WebhookNotifierTests.Firing("cpu-high", 91)).WaitAsync(TimeSpan.FromSeconds(30));
        notifier.Snapshot().Circuit.Should().Be(CircuitState.Open);

        await notifier.NotifyAsync(WebhookNotifierTests.Firing("mem-high", 96)).WaitAsync(TimeSpan.FromSeconds(30));

        Receiver.Requests.Should().ContainSingle("the breaker held the second notification back");
        _deadLetters.Letters.Select(l => l.ErrorType).Should().Equal("webhook-exhausted", "webhook-exhausted");
        _deadLetters.Letters[1].Reason.Should().Contain("circuit open");
    }
}
