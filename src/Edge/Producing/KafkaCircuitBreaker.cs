using MetricStream.Kafka.Health;
using Microsoft.Extensions.Logging;

namespace MetricStream.Edge.Producing;

/// <summary>
/// Decides whether the edge should even try Kafka. Open (requests answered 503 at once) while the producer
/// reports every broker down, or for a break duration after a produce failed or timed out; closed again by
/// itself when a broker is reported up (librdkafka's statistics, every second) and the break has passed.
/// Opening cancels <see cref="OpenToken"/>, so requests already waiting for acknowledgements are answered
/// 503 at once instead of hanging until the acknowledgement timeout.
/// </summary>
/// <remarks>Thread-safe. <c>_tripUntil</c> and <c>_openSource</c> are read without a lock; writes swap them atomically.</remarks>
public sealed class KafkaCircuitBreaker : IDisposable
{
    private readonly BrokerAvailability _availability;
    private readonly TimeProvider _time;
    private readonly TimeSpan _breakDuration;
    private readonly ILogger _logger;
    private long _tripUntil;
    private CancellationTokenSource _openSource = new();

    /// <summary>Creates a closed breaker following <paramref name="availability"/>.</summary>
    /// <param name="availability">The producer's broker availability.</param>
    /// <param name="time">The clock.</param>
    /// <param name="breakDuration">How long a trip keeps the breaker open.</param>
    /// <param name="logger">Logs transitions.</param>
    public KafkaCircuitBreaker(BrokerAvailability availability, TimeProvider time, TimeSpan breakDuration, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(availability);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _availability = availability;
        _time = time;
        _breakDuration = breakDuration;
        _logger = logger;
        _tripUntil = time.GetTimestamp();
        availability.Changed += up =>
        {
            if (!up)
            {
                CancelWaiters();
            }
        };
    }

    /// <summary>True while requests should not try Kafka.</summary>
    public bool IsOpen => !_availability.IsAvailable || _time.GetTimestamp() < Interlocked.Read(ref _tripUntil);

    /// <summary>Cancelled when the breaker opens; take it when starting to wait for acknowledgements.</summary>
    public CancellationToken OpenToken => Volatile.Read(ref _openSource).Token;

    /// <summary>How long until a retry may succeed: the rest of the break, or <paramref name="fallback"/>.</summary>
    /// <param name="fallback">Used while the brokers are down (no known end).</param>
    /// <returns>The wait.</returns>
    public TimeSpan RetryAfter(TimeSpan fallback)
    {
        var left = _time.GetElapsedTime(_time.GetTimestamp(), Interlocked.Read(ref _tripUntil));
        return left > fallback ? left : fallback;
    }

    /// <summary>Opens the breaker for the break duration (a produce failed or timed out).</summary>
    /// <param name="reason">For the log.</param>
    public void Trip(string reason)
    {
        var until = _time.GetTimestamp() + (long)(_breakDuration.TotalSeconds * _time.TimestampFrequency);
        Interlocked.Exchange(ref _tripUntil, until);
        _logger.LogWarning("Kafka circuit breaker open for {Duration}: {Reason}", _breakDuration, reason);
        CancelWaiters();
    }

    /// <inheritdoc />
    public void Dispose() => Volatile.Read(ref _openSource).Dispose();

    private void CancelWaiters()
    {
        // Waiters that took the old token are released; new waiters get a fresh one. The old source is not
        // disposed: a request may still be registering on its token.
        var old = Interlocked.Exchange(ref _openSource, new CancellationTokenSource());
        old.Cancel();
    }
}
