namespace MetricStream.Processing.Alerts;

/// <summary>
/// The lifecycle of one rule on one series: <see cref="Inactive"/> -> <see cref="Pending"/> ->
/// <see cref="Firing"/> -> <see cref="Resolved"/>. Only transitions are emitted, as <see cref="AlertEvent"/>s.
/// </summary>
public enum AlertState
{
    /// <summary>
    /// The condition does not hold. Emitted only when a pending alert is cancelled (the condition stopped
    /// holding before <c>for</c> elapsed, or a sequence's second step did not come within its time).
    /// </summary>
    Inactive,

    /// <summary>The condition holds but not yet long enough (<c>for</c>), or a sequence's first step happened.</summary>
    Pending,

    /// <summary>The alert fires. Emitted once per episode, never again while it keeps firing (also across restarts).</summary>
    Firing,

    /// <summary>A firing alert ended. The series is inactive afterwards; the next episode starts from <see cref="Inactive"/>.</summary>
    Resolved,
}
