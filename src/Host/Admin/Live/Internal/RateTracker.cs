namespace MetricStream.Host.Admin.Live.Internal;

/// <summary>
/// Turns monotonic counters into per-second rates between two frames of one live connection. Not thread-safe:
/// each connection has its own and uses it from its one loop.
/// </summary>
internal sealed class RateTracker
{
    private Dictionary<string, double> _previous = new(StringComparer.Ordinal);
    private Dictionary<string, double> _current = new(StringComparer.Ordinal);
    private double _seconds;

    /// <summary>Starts a frame <paramref name="seconds"/> after the previous one (0 for the first frame).</summary>
    /// <param name="seconds">Elapsed seconds.</param>
    public void Next(double seconds)
    {
        _previous = _current;
        _current = new Dictionary<string, double>(StringComparer.Ordinal);
        _seconds = seconds;
    }

    /// <summary>Records <paramref name="value"/> of counter <paramref name="key"/> and returns its rate per second since the previous frame.</summary>
    /// <param name="key">The counter's identity.</param>
    /// <param name="value">Its value now.</param>
    /// <returns>The rate (0 on the first frame, for a new counter, or after a reset).</returns>
    public double Rate(string key, double value)
    {
        _current[key] = value;
        return _seconds > 0 && _previous.TryGetValue(key, out var before) && value >= before ? Math.Round((value - before) / _seconds, 3) : 0;
    }

    /// <summary>Records counter <paramref name="key"/> and returns its increase since the previous frame.</summary>
    /// <param name="key">The counter's identity.</param>
    /// <param name="value">Its value now.</param>
    /// <returns>The increase (0 on the first frame).</returns>
    public double Delta(string key, double value)
    {
        _current[key] = value;
        return _previous.TryGetValue(key, out var before) && value >= before ? value - before : 0;
    }
}
