using System.Text;
using System.Text.Json;
using MetricStream.Sinks.Resilience;
using MetricStream.Sinks.Tests.Support;
using MetricStream.Sinks.Webhook;
using MetricStream.Testing;

namespace MetricStream.Sinks.Tests.Webhook;

/// <summary>Delivery, retries, Retry-After, timeouts and dead letters, on fake time against a local HTTP listener.</summary>
public sealed class WebhookNotifierTests : ReceiverTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);
    private readonly ListDeadLetters _deadLetters = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Receiver.Respond = (_, _) => new HttpAnswer(200);
    }

    [Fact]
    public async Task Notify_ReceiverAnswers200_PostsJsonWithConfiguredHeaders()
    {
        await using var notifier = Notifier(o => o with { Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer s3cret", ["X-Custom"] = "yes" } });
        var notification = Firing("cpu-high", 97.5) with
        {
            Labels = new Dictionary<string, string> { ["severity"] = "page", ["host"] = "web-1" },
            Annotations = new Dictionary<string, string> { ["summary"] = "cpu on web-1 at 97.5" },
        };

        await notifier.NotifyAsync(notification).WaitAsync(TimeSpan.FromSeconds(30));

        var request = Receiver.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be("POST");
        request.Path.Should().Be("/hooks/alerts");
        request.Authorization.Should().Be("Bearer s3cret");
        request.Header("X-Custom").Should().Be("yes");
        request.ContentType.Should().StartWith("application/json");
        var body = request.Json();
        body.GetProperty("ruleId").GetString().Should().Be("cpu-high");
        body.GetProperty("state").GetString().Should().Be("firing");
        body.GetProperty("series").GetString().Should().Be("cpu,host=web-1");
        body.GetProperty("tenant").GetString().Should().Be("acme");
        body.GetProperty("value").GetDouble().Should().Be(97.5);
        body.GetProperty("eventTime").GetDateTimeOffset().Should().Be(DateTimeOffset.FromUnixTimeSeconds(1_799_999_940));
        body.GetProperty("labels").GetProperty("severity").GetString().Should().Be("page");
        body.GetProperty("annotations").GetProperty("summary").GetString().Should().Be("cpu on web-1 at 97.5");
        notifier.Snapshot().Should().Match<WebhookNotifierSnapshot>(s => s.Delivered == 1 && s.DeadLettered == 0 && s.Requests == 1 && s.InFlight == 0);
        _deadLetters.Letters.Should().BeEmpty();
    }

    [Fact]
    public async Task Notify_AbsenceWithoutValue_SendsNullValue()
    {
        await using var notifier = Notifier();

        await notifier.NotifyAsync(Firing("host-silent", null)).WaitAsync(TimeSpan.FromSeconds(30));

        Receiver.Requests.Single().Json().GetProperty("value").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Notify_ServerErrors_RetriedWithExponentialBackoffAndJitter_ThenDelivered()
    {
        Receiver.Respond = (_, before) => new HttpAnswer(before < 3 ? 503 : 200);
        await using var notifier = Notifier();

        var task = notifier.NotifyAsync(Firing("cpu-high", 91));
        for (var seen = 1; seen <= 3; seen++)
        {
            // Step only until the next request arrives, so its fake time is close to when it was due.
            var count = seen;
            await Poll.UntilAsync(() => Receiver.Requests.Count >= count, $"request {count}");
            await Time.AdvanceUntilAsync(() => Receiver.Requests.Count > count, Step, $"retry {count}");
        }

        await task.WaitAsync(TimeSpan.FromSeconds(30));

        // Delays are uniform in [d/2, d) with d = 1 s, 2 s, 4 s; the upper bounds allow for the stepping.
        var times = Receiver.Requests.Select(r => r.FakeTime).ToList();
        times.Should().HaveCount(4);
        Gap(times, 0).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(500)).And.BeLessThan(TimeSpan.FromMilliseconds(2000));
        Gap(times, 1).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(1000)).And.BeLessThan(TimeSpan.FromMilliseconds(3000));
        Gap(times, 2).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(2000)).And.BeLessThan(TimeSpan.FromMilliseconds(5000));
        notifier.Snapshot().Should().Match<WebhookNotifierSnapshot>(s => s.Delivered == 1 && s.FailedRequests == 3 && s.Retries == 3 && s.DeadLettered == 0);
        _deadLetters.Letters.Should().BeEmpty();
    }

    [Fact]
    public async Task Notify_429WithRetryAfter_WaitsAtLeastThatLong()
    {
        Receiver.Respond = (_, before) => before == 0 ? new HttpAnswer(429, RetryAfter: "20") : new HttpAnswer(200);
        await using var notifier = Notifier();

        var task = notifier.NotifyAsync(Firing("cpu-high", 91));
        await Time.AdvanceUntilAsync(() => task.IsCompleted, TimeSpan.FromSeconds(2), "delivery after the 429");
        await task;

        var times = Receiver.Requests.Select(r => r.FakeTime).ToList();
        times.Should().HaveCount(2);
        Gap(times, 0).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(20), "Retry-After: 20 is longer than the 8 s backoff cap");
    }

    [Fact]
    public async Task Notify_RetryAfterBeyondMaxRetryDuration_DeadLetteredWithoutWaiting()
    {
        Receiver.Respond = (_, _) => new HttpAnswer(503, RetryAfter: "3600");
        await using var notifier = Notifier(o => o with { MaxRetryDuration = TimeSpan.FromMinutes(1) });

        await notifier.NotifyAsync(Firing("cpu-high", 91)).WaitAsync(TimeSpan.FromSeconds(30));

        Receiver.Requests.Should().ContainSingle();
        _deadLetters.Letters.Should().ContainSingle().Which.ErrorType.Should().Be("webhook-exhausted");
    }

    [Fact]
    public async Task Notify_AttemptsExhausted_DeadLettersTheJsonBody()
    {
        Receiver.Respond = (_, _) => new HttpAnswer(500);
        await using var notifier = Notifier(o => o with { MaxAttempts = 3 });

        var task = notifier.NotifyAsync(Firing("cpu-high", 91));
        await Time.AdvanceUntilAsync(() => task.IsCompleted, Step, "the notification to be dead-lettered");
        await task;

        Receiver.Requests.Should().HaveCount(3);
        var letter = _deadLetters.Letters.Should().ContainSingle().Subject;
        letter.ErrorType.Should().Be("webhook-exhausted");
        letter.Stage.Should().Be("webhook:test");
        letter.Tenant.Should().Be("acme");
        letter.ContentType.Should().Be("application/json");
        letter.Reason.Should().Contain("3 attempt(s)").And.Contain("HTTP 500");
        using var body = JsonDocument.Parse(Encoding.UTF8.GetString(letter.Line.Span));
        body.RootElement.GetProperty("ruleId").GetString().Should().Be("cpu-high");
        notifier.Snapshot().Should().Match<WebhookNotifierSnapshot>(s => s.Delivered == 0 && s.DeadLettered == 1 && s.FailedRequests == 3 && s.InFlight == 0);
    }

    [Fact]
    public async Task Notify_ClientError_DeadLetteredAtOnceWithoutRetry()
    {
        Receiver.Respond = (_, _) => new HttpAnswer(401);
        await using var notifier = Notifier();

        await notifier.NotifyAsync(Firing("cpu-high", 91)).WaitAsync(TimeSpan.FromSeconds(30));

        Receiver.Requests.Should().ContainSingle();
        var letter = _deadLetters.Letters.Should().ContainSingle().Subject;
        letter.ErrorType.Should().Be("webhook-rejected");
        letter.Reason.Should().Contain("HTTP 401");
        notifier.Snapshot().Circuit.Should().Be(CircuitState.Closed, "an answer means the receiver is up");
    }

    [Fact]
    public async Task Notify_ReceiverDoesNotAnswer_TimesOutAndRetries()
    {
        Receiver.Respond = (_, before) => before == 0 ? new HttpAnswer(0, Hang: true) : new HttpAnswer(200);
        await using var notifier = Notifier(o => o with { RequestTimeout = TimeSpan.FromSeconds(5) });

        var task = notifier.NotifyAsync(Firing("cpu-high", 91));
        await Time.AdvanceUntilAsync(() => task.IsCompleted, TimeSpan.FromMilliseconds(500), "delivery after a timeout");
        await task;

        var times = Receiver.Requests.Select(r => r.FakeTime).ToList();
        times.Should().HaveCount(2);
        Gap(times, 0).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(5.5), "the 5 s timeout, then at least half the 1 s base delay");
        notifier.Snapshot().FailedRequests.Should().Be(1);
    }

    [Fact]
    public async Task Notify_NothingListening_ConnectionErrorsRetriedThenDeadLettered()
    {
        var nobody = new Uri($"http://127.0.0.1:{FreePort.Next()}/hooks/alerts");
        await using var notifier = Notifier(o => o with { Url = nobody, MaxAttempts = 3 });

        var task = notifier.NotifyAsync(Firing("cpu-high", 91));
        await Time.AdvanceUntilAsync(() => task.IsCompleted, Step, "the notification to be dead-lettered");
        await task;

        _deadLetters.Letters.Should().ContainSingle().Which.Reason.Should().Contain("3 attempt(s)");
        notifier.Snapshot().FailedRequests.Should().Be(3);
    }

    [Fact]
    public async Task Dispose_WhileRetrying_CancelsTheTaskWithoutDeadLetter()
    {
        Receiver.Respond = (_, _) => new HttpAnswer(503);
        var notifier = Notifier();
        var task = notifier.NotifyAsync(Firing("cpu-high", 91));
        await Poll.UntilAsync(() => notifier.Snapshot().FailedRequests == 1, "the first failure");

        await notifier.DisposeAsync();

        await FluentActions.Awaiting(() => task.WaitAsync(TimeSpan.FromSeconds(30))).Should().ThrowAsync<OperationCanceledException>();
        _deadLetters.Letters.Should().BeEmpty("a notification cut short by shutdown is neither delivered nor dead-lettered");
    }

    internal static TimeSpan Gap(IReadOnlyList<DateTimeOffset> times, int index) => times[index + 1] - times[index];

    internal static WebhookNotification Firing(string rule, double? value) =>
        new(rule, "firing", "cpu,host=web-1", "acme", value, DateTimeOffset.FromUnixTimeSeconds(1_799_999_940));

    private WebhookNotifier Notifier(Func<WebhookNotifierOptions, WebhookNotifierOptions>? configure = null)
    {
        var options = new WebhookNotifierOptions
        {
            Url = new Uri(Receiver.Url, "hooks/alerts"),
            Name = "test",
            TimeProvider = Time,
            RetryBaseDelay = TimeSpan.FromSeconds(1),
            RetryMaxDelay = TimeSpan.FromSeconds(8),
            MaxAttempts = 10,
            BreakerFailureThreshold = 100,
        };
        return new WebhookNotifier(configure?.Invoke(options) ?? options, _deadLetters);
    }
}
