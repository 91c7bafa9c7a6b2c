namespace MetricStream.Processing.Alerts;

/// <summary>
/// What the alert processors of one <c>StreamsApplication</c> did and what fires now, over every task of the
/// instance: the numbers behind <c>/metrics</c> and <c>GET /admin/alerts/firing</c>.
/// </summary>
/// <remarks>
/// Thread-safe and cheap to read. Counters are <see cref="Interlocked"/>; each alert processor publishes its
/// whole firing list (an immutable list) after a change and withdraws it when its task closes (the partition
/// moved to another instance, which then reports it), so a reader sees every processor's latest list.
/// </remarks>
public sealed class AlertActivity
{
    private readonly long[] _transitions = new long[4];
    private readonly Lock _lock = new();
    private long _aggregates;

    // Must only be accessed under _lock (the lists themselves are immutable).
    private readonly Dictionary<object, IReadOnlyList<FiringAlert>> _firing = [];

    /// <summary>Window aggregates evaluated by the alert processors (each once, whatever the number of rules).</summary>
    public long AggregatesEvaluated => Interlocked.Read(ref _aggregates);

    /// <summary>Alerts firing now in this instance's tasks.</summary>
    public int FiringNow
    {
        get
        {
            lock (_lock)
            {
                return _firing.Values.Sum(l => l.Count);
            }
        }
    }

    /// <summary>Transitions emitted into <paramref name="state"/> since start.</summary>
    /// <param name="state">The state entered.</param>
    /// <returns>The count.</returns>
    public long Transitions(AlertState state) => Interlocked.Read(ref _transitions[(int)state]);

    /// <summary>The alerts firing now, by rule, then series.</summary>
    /// <returns>A copy.</returns>
    public IReadOnlyList<FiringAlert> Firing()
    {
        lock (_lock)
        {
            return [.. _firing.Values.SelectMany(l => l).OrderBy(a => a.RuleId, StringComparer.Ordinal).ThenBy(a => a.SeriesKey, StringComparer.Ordinal)];
        }
    }

    internal void CountAggregate() => Interlocked.Increment(ref _aggregates);

    internal void CountTransition(AlertState state) => Interlocked.Increment(ref _transitions[(int)state]);

    /// <summary>Replaces what <paramref name="owner"/> (an alert processor of one task) has firing.</summary>
    internal void Publish(object owner, IReadOnlyList<FiringAlert> firing)
    {
        lock (_lock)
        {
            if (firing.Count == 0)
            {
                _firing.Remove(owner);
            }
            else
            {
                _firing[owner] = firing;
            }
        }
    }

    /// <summary>Forgets <paramref name="owner"/>'s alerts (its task closed).</summary>
    internal void Withdraw(object owner)
    {
        lock (_lock)
        {
            _firing.Remove(owner);
        }
    }
}
