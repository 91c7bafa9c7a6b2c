using System.Globalization;
using MetricStream.Sinks.DeadLetters;
using MetricStream.Sinks.InfluxDB;
using MetricStream.Sinks.Resilience.Internal;
using MetricStream.Sinks.Webhook.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricStream.Sinks.Webhook;

/// <summary>
/// Posts alert notifications as JSON to one URL. Each notification is retried with exponential backoff and
/// jitter (<see cref="WebhookNotifierOptions.RetryBaseDelay"/> doubling to <see cref="WebhookNotifierOptions.RetryMaxDelay"/>,
/// at least the server's <c>Retry-After</c> on 429/503) on connection errors, timeouts, 5xx, 408 and 429; a
/// consecutive-failure circuit breaker holds every request back while the receiver keeps failing (one probe
/// per open period). A notification the receiver rejects (another 4xx), or that exhausts its attempts or retry
/// time, goes to the dead-letter topic as a DeadLetter record: <c>value</c> = the JSON body, header
/// <c>content-type: application/json</c>, stage <c>webhook:&lt;name&gt;</c>, errorType <c>webhook-rejected</c>
/// or <c>webhook-exhausted</c>, key = tenant.
/// Thread-safe. Counters are updated with <see cref="Interlocked"/>; the breaker has its own lock.
/// </summary>
public sealed class WebhookNotifier : IAsyncDisposable
{
    private const string JsonContentType = "application/json";
    private readonly WebhookNotifierOptions _options;
    private readonly IInfluxDeadLetterPublisher _deadLetters;
    private readonly ILogger _logger;
    private readonly WebhookHttp _http;
    private readonly CircuitBreaker _breaker;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _stage;
    private long _notifications;
    private long _delivered;
    private long _deadLettered;
    private long _requests;
    private long _failedRequests;
    private long _retries;
    private long _inFlight;

    /// <summary>Creates the notifier; <paramref name="deadLetters"/> takes what cannot be delivered (e.g. <see cref="KafkaInfluxDeadLetterPublisher"/>).</summary>
    public WebhookNotifier(WebhookNotifierOptions options, IInfluxDeadLetterPublisher deadLetters, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(deadLetters);
        options.Validate();
        _options = options;
        _deadLetters = deadLetters;
        _logger = logger ?? NullLogger.Instance;
        _http = new WebhookHttp(options);
        _breaker = new CircuitBreaker(options.BreakerFailureThreshold, options.BreakerOpenDuration, options.TimeProvider);
        _slots = new SemaphoreSlim(options.MaxConcurrentRequests, options.MaxConcurrentRequests);
        _stage = "webhook:" + options.Name;
    }

    /// <summary>
    /// Sends <paramref name="notification"/>. The task completes when the receiver answered 2xx or the
    /// notification is durably dead-lettered; it faults when dead-lettering failed, and is cancelled by
    /// <paramref name="cancellationToken"/> or <see cref="DisposeAsync"/> (then it was neither: do not commit it).
    /// </summary>
    public async Task NotifyAsync(WebhookNotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        Interlocked.Increment(ref _notifications);
        Interlocked.Increment(ref _inFlight);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        try
        {
            await DeliverAsync(notification, WebhookJson.Serialize(notification), linked.Token).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>The counters and the breaker's state now.</summary>
    public WebhookNotifierSnapshot Snapshot() => new(
        Interlocked.Read(ref _notifications),
        Interlocked.Read(ref _delivered),
        Interlocked.Read(ref _deadLettered),
        Interlocked.Read(ref _requests),
        Interlocked.Read(ref _failedRequests),
        Interlocked.Read(ref _retries),
        Interlocked.Read(ref _inFlight),
        _breaker.State,
        _breaker.Openings);

    /// <summary>Cancels notifications still being retried (their tasks are cancelled) and closes the connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _http.Dispose();
        _slots.Dispose();
        _stopping.Dispose();
    }

    private async Task DeliverAsync(WebhookNotification notification, byte[] body, CancellationToken cancellationToken)
    {
        var time = _options.TimeProvider;
        var arrived = time.GetTimestamp();
        var attempts = 0;
        while (true)
        {
            if (!_breaker.TryAcquire(_options.RetryBaseDelay, out var retryIn))
            {
                if (time.GetElapsedTime(arrived) + retryIn > _options.MaxRetryDuration)
                {
                    await DeadLetterAsync(notification, body, "webhook-exhausted", $"circuit open after {attempts} attempt(s); retry time {Seconds(_options.MaxRetryDuration)} exhausted", cancellationToken).ConfigureAwait(false);
                    return;
                }

                await Task.Delay(retryIn, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var outcome = await SendAsync(body, cancellationToken).ConfigureAwait(false);
            attempts++;
            if (outcome.Kind == WebhookOutcomeKind.Delivered)
            {
                Interlocked.Increment(ref _delivered);
                return;
            }

            if (outcome.Kind == WebhookOutcomeKind.Rejected)
            {
                await DeadLetterAsync(notification, body, "webhook-rejected", outcome.Message, cancellationToken).ConfigureAwait(false);
                return;
            }

            var delay = Backoff.Delay(attempts - 1, _options.RetryBaseDelay, _options.RetryMaxDelay, outcome.RetryAfter, Random.Shared);
            if (attempts >= _options.MaxAttempts || time.GetElapsedTime(arrived) + delay > _options.MaxRetryDuration)
            {
                await DeadLetterAsync(notification, body, "webhook-exhausted", $"{attempts} attempt(s) failed, last: {outcome.Message}", cancellationToken).ConfigureAwait(false);
                return;
            }

            Interlocked.Increment(ref _retries);
            _logger.LogDebug("Webhook {Name} failed ({Error}); retrying rule {Rule} in {Delay}", _options.Name, outcome.Message, notification.RuleId, delay);
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One request; the caller holds the breaker's permission, and every outcome reports back to it.</summary>
    private async Task<WebhookOutcome> SendAsync(byte[] body, CancellationToken cancellationToken)
    {
        var outcome = new WebhookOutcome(WebhookOutcomeKind.Retry, "cancelled", null);
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                Interlocked.Increment(ref _requests);
                outcome = await _http.PostAsync(body, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }
        }
        finally
        {
            // A 4xx is an answer: the receiver is up, so only retryable failures count against the breaker.
            // A cancelled request reports a failure too, so a half-open breaker never waits for a lost probe.
            if (outcome.Kind == WebhookOutcomeKind.Retry)
            {
                _breaker.OnFailure();
            }
            else
            {
                _breaker.OnSuccess();
            }
        }

        if (outcome.Kind == WebhookOutcomeKind.Retry)
        {
            Interlocked.Increment(ref _failedRequests);
        }

        return outcome;
    }

    private async Task DeadLetterAsync(WebhookNotification notification, byte[] body, string errorType, string reason, CancellationToken cancellationToken)
    {
        _logger.LogWarning("Webhook {Name}: notification of rule {Rule} ({State}, {Series}) dead-lettered: {Reason}", _options.Name, notification.RuleId, notification.State, notification.Series, reason);
        var letter = new InfluxDeadLetter(reason, errorType, _stage, notification.Tenant, body, InfluxRecordSource.Unknown, JsonContentType);
        await _deadLetters.PublishAsync(letter, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _deadLettered);
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
