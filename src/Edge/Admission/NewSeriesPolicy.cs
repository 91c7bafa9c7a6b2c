using System.Globalization;

namespace MetricStream.Edge.Admission;

/// <summary>Settings of the <c>new-series</c> policy.</summary>
public sealed record NewSeriesSettings : IPolicySettings
{
    /// <summary>Most series not seen before that a tenant may start per minute. Required, at least 1.</summary>
    public int PerMinute { get; init; }

    /// <summary>
    /// How many series the policy remembers per generation (memory: about 2 x this x 20 bytes per tenant).
    /// A series not seen for two generations counts as new again. Default 1,000,000.
    /// </summary>
    public int TrackedSeries { get; init; } = 1_000_000;

    /// <summary>How long one generation of remembered series lasts. Default 1 hour.</summary>
    public TimeSpan Generation { get; init; } = TimeSpan.FromHours(1);

    /// <inheritdoc />
    public IEnumerable<string> Validate()
    {
        if (PerMinute < 1)
        {
            yield return "perMinute must be at least 1";
        }

        if (TrackedSeries < 1)
        {
            yield return "trackedSeries must be at least 1";
        }

        if (Generation < TimeSpan.FromMinutes(1))
        {
            yield return "generation must be at least 1 minute";
        }
    }
}

/// <summary>
/// <c>new-series</c>: limits series cardinality growth. Each fixed one-minute window (starting with the first
/// new series after the previous window ended) admits at most <see cref="NewSeriesSettings.PerMinute"/> series
/// the tenant has not written recently; a request that would pass the limit is refused whole (429) until the
/// window ends. Known series are remembered in two generations (current and previous, each at most
/// <see cref="NewSeriesSettings.TrackedSeries"/> hashes, rotated every <see cref="NewSeriesSettings.Generation"/>
/// or when full), so memory is bounded. Thread-safe (one lock per tenant).
/// </summary>
public sealed class NewSeriesPolicy : AdmissionPolicy
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly NewSeriesSettings _settings;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    // Must always be accessed under _lock.
    private HashSet<ulong> _current = [];
    private HashSet<ulong> _previous = [];
    private readonly HashSet<ulong> _unknown = [];
    private long _generationStart;
    private long _windowStart;
    private int _newInWindow;

    /// <summary>Creates the policy with nothing remembered.</summary>
    /// <param name="settings">Limit and memory bounds.</param>
    /// <param name="time">The clock.</param>
    public NewSeriesPolicy(NewSeriesSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        _settings = settings;
        _time = time;
        _generationStart = time.GetTimestamp();
        _windowStart = _generationStart;
    }

    /// <inheritdoc />
    public override AdmissionDecision Admit(AdmissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            if (_time.GetElapsedTime(_generationStart, now) >= _settings.Generation)
            {
                Rotate(now);
            }

            if (_time.GetElapsedTime(_windowStart, now) >= Window)
            {
                _windowStart = now;
                _newInWindow = 0;
            }

            _unknown.Clear();
            foreach (var hash in request.SeriesHashes)
            {
                if (!_current.Contains(hash) && !_previous.Contains(hash))
                {
                    _unknown.Add(hash);
                }
            }

            if (_newInWindow + _unknown.Count > _settings.PerMinute)
            {
                return AdmissionDecision.Throttle(
                    string.Create(CultureInfo.InvariantCulture, $"tenant '{request.Tenant}' would start {_unknown.Count} new series; its limit is {_settings.PerMinute} new series per minute ({_newInWindow} used)"),
                    Window - _time.GetElapsedTime(_windowStart, now));
            }

            _newInWindow += _unknown.Count;
            foreach (var hash in request.SeriesHashes)
            {
                if (_current.Count >= _settings.TrackedSeries)
                {
                    Rotate(now);
                }

                _current.Add(hash);
            }

            return AdmissionDecision.Admit;
        }
    }

    private void Rotate(long now)
    {
        (_previous, _current) = (_current, _previous);
        _current.Clear();
        _generationStart = now;
    }
}
