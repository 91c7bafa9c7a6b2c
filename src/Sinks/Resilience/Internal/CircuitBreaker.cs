namespace MetricStream.Sinks.Resilience.Internal;

/// <summary>
/// A consecutive-failure circuit breaker on a <see cref="TimeProvider"/>. Closed: requests flow; after
/// <c>threshold</c> consecutive failures it opens for <c>openDuration</c>; then the first caller of
/// <see cref="TryAcquire"/> gets the single probe (half-open): its success closes the breaker, its failure
/// opens it again. Thread-safe: every field must always be accessed under <c>_lock</c>, except that
/// <see cref="State"/> reads the volatile <c>_state</c> without it when it is closed: routing asks per line.
/// </summary>
internal sealed class CircuitBreaker(int threshold, TimeSpan openDuration, TimeProvider time)
{
    private readonly Lock _lock = new();
    private int _failures;
    private long _openedAt;
    private volatile CircuitState _state;
    private long _openings;

    /// <summary>The state now (an open breaker whose period has passed reads as half-open).</summary>
    public CircuitState State
    {
        get
        {
            // Closed is by far the common answer, asked for every routed line: a volatile read suffices (a
            // transition racing with it is as if the read came just before it).
            if (_state == CircuitState.Closed)
            {
                return CircuitState.Closed;
            }

            lock (_lock)
            {
                return _state == CircuitState.Open && time.GetElapsedTime(_openedAt) >= openDuration ? CircuitState.HalfOpen : _state;
            }
        }
    }

    /// <summary>How many times the breaker opened.</summary>
    public long Openings
    {
        get
        {
            lock (_lock)
            {
                return _openings;
            }
        }
    }

    /// <summary>
    /// True when a request may go now. Otherwise <paramref name="retryIn"/> says when to ask again
    /// (the rest of the open period, or <paramref name="probeWait"/> while another caller's probe is out).
    /// </summary>
    public bool TryAcquire(TimeSpan probeWait, out TimeSpan retryIn)
    {
        lock (_lock)
        {
            retryIn = TimeSpan.Zero;
            switch (_state)
            {
                case CircuitState.Closed:
                    return true;
                case CircuitState.Open:
                    var left = openDuration - time.GetElapsedTime(_openedAt);
                    if (left > TimeSpan.Zero)
                    {
                        retryIn = left;
                        return false;
                    }

                    _state = CircuitState.HalfOpen;
                    return true;
                default:
                    retryIn = probeWait;
                    return false;
            }
        }
    }

    /// <summary>Records a success: closes the breaker.</summary>
    public void OnSuccess()
    {
        lock (_lock)
        {
            _failures = 0;
            _state = CircuitState.Closed;
        }
    }

    /// <summary>Records a failure: opens the breaker after the threshold, or at once after a failed probe.</summary>
    public void OnFailure()
    {
        lock (_lock)
        {
            _failures++;
            if (_state == CircuitState.HalfOpen || (_state == CircuitState.Closed && _failures >= threshold))
            {
                _state = CircuitState.Open;
                _openedAt = time.GetTimestamp();
                _openings++;
            }
        }
    }
}
