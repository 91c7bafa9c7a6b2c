using System.Globalization;

namespace MetricStream.Edge.Admission;

/// <summary>Settings of the <c>token-bucket</c> policy.</summary>
public sealed record TokenBucketSettings : IPolicySettings
{
    /// <summary>Sustained rate: tokens (points) added per second. Required, positive.</summary>
    public double PointsPerSecond { get; init; }

    /// <summary>Bucket size: the most points admitted at once after a quiet period. Required, at least 1.</summary>
    public double Burst { get; init; }

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (!(PointsPerSecond > 0) || double.IsInfinity(PointsPerSecond))
        {
            yield return "pointsPerSecond must be a positive number";
        }

        if (!(Burst >= 1) || double.IsInfinity(Burst))
        {
            yield return "burst must be at least 1";
        }
    }
}

/// <summary>
/// <c>token-bucket</c>: a bucket of <see cref="TokenBucketSettings.Burst"/> tokens refilled at
/// <see cref="TokenBucketSettings.PointsPerSecond"/>; a request takes one token per valid point. A request is
/// admitted when the bucket holds enough tokens, or when the bucket is full (so a request larger than the
/// burst still gets through after a quiet period, leaving the bucket in debt); otherwise it is refused with
/// a retry time of when the missing tokens will have accrued. Starts full. Time comes from the
/// <see cref="TimeProvider"/>. Thread-safe (one lock per tenant).
/// </summary>
public sealed class TokenBucketPolicy : AdmissionPolicy
{
    private readonly TokenBucketSettings _settings;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    // Must always be accessed under _lock.
    private double _tokens;
    private long _refilledAt;

    /// <summary>Creates a full bucket.</summary>
    /// <param name="settings">Rate and burst.</param>
    /// <param name="time">The clock.</param>
    public TokenBucketPolicy(TokenBucketSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        _settings = settings;
        _time = time;
        _tokens = settings.Burst;
        _refilledAt = time.GetTimestamp();
    }

    /// <summary>Tokens in the bucket now (negative while in debt).</summary>
    public double Tokens
    {
        get
        {
            lock (_lock)
            {
                Refill();
                return _tokens;
            }
        }
    }

    /// <inheritdoc />
    public override AdmissionDecision Admit(AdmissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
        {
            Refill();
            if (_tokens >= request.Points || _tokens >= _settings.Burst)
            {
                _tokens -= request.Points;
                return AdmissionDecision.Admit;
            }

            var missing = Math.Min(request.Points, _settings.Burst) - _tokens;
            var wait = TimeSpan.FromSeconds(missing / _settings.PointsPerSecond);
            return AdmissionDecision.Throttle(
                string.Create(CultureInfo.InvariantCulture, $"tenant '{request.Tenant}' is over its rate of {_settings.PointsPerSecond} points/s (burst {_settings.Burst})"),
                wait);
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_refilledAt, now).TotalSeconds;
        _refilledAt = now;
        if (elapsed > 0)
        {
            _tokens = Math.Min(_settings.Burst, _tokens + (elapsed * _settings.PointsPerSecond));
        }
    }
}
