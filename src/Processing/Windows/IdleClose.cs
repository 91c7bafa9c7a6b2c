namespace MetricStream.Processing.Windows;

/// <summary>
/// The wall-clock idle rule, which closes windows when no data arrives (an idle partition or a dead
/// agent) instead of holding them open until stream time moves, as Kafka Streams would.
/// <para>
/// The rule, checked on every wall-clock tick of a task (the runtime's punctuation timer, or
/// <c>TopologyTestDriver.AdvanceWallClock</c>): when the task's stream time has not advanced for at least
/// <see cref="Timeout"/> of wall-clock time (measured with the task's <see cref="TimeProvider"/> from the
/// moment a record last raised the task's stream time, or from task start), every open window whose
/// <c>end + Allowance &lt;= now</c> (wall clock) closes and is emitted, exactly as if stream time had passed
/// <c>end + grace</c>. The processor then remembers the <i>idle watermark</i> <c>now - Allowance</c>: from
/// then on any window with <c>end &lt;= watermark</c> counts as closed, so a record that arrives later for
/// it is late (counted and sent to the late topic). The watermark never moves back.
/// </para>
/// <para>
/// Wall-clock time is compared with event time, so the rule assumes agents' clocks roughly agree with
/// the processing instance; <see cref="Allowance"/> absorbs clock skew and transport delay. Windows whose
/// end is still in the wall-clock future (minus allowance) are never closed by this rule.
/// </para>
/// </summary>
public sealed class IdleClose : IEquatable<IdleClose>
{
    private IdleClose(TimeSpan timeout, TimeSpan allowance)
    {
        if (timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "idle timeout must be positive");
        }

        if (allowance < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(allowance), allowance, "allowance must not be negative");
        }

        Timeout = timeout;
        Allowance = allowance;
    }

    /// <summary>Wall-clock time without a stream-time advance after which the task counts as idle.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>How far past its end (on the wall clock) a window must be before an idle task closes it.</summary>
    public TimeSpan Allowance { get; }

    /// <summary>The idle rule with the given timeout and allowance.</summary>
    /// <param name="timeout">Positive wall-clock idle time.</param>
    /// <param name="allowance">Zero or positive; typically the window's grace period.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static IdleClose After(TimeSpan timeout, TimeSpan allowance) => new(timeout, allowance);

    /// <summary>Equal when timeout and allowance are equal.</summary>
    /// <param name="other">The other rule.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(IdleClose? other) => other is not null && Timeout == other.Timeout && Allowance == other.Allowance;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as IdleClose);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Timeout, Allowance);

    /// <summary>e.g. <c>idle(timeout=2m, allowance=30s)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"idle(timeout={Durations.Format(Timeout)}, allowance={Durations.Format(Allowance)})";
}
