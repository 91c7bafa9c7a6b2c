namespace MetricStream.Processing.Alerts.Internal;

/// <summary>
/// The state machine of a window condition on one series: inactive -> pending (holds, not yet for
/// <c>for</c>) -> firing -> resolved (false for <c>keep_firing_for</c>) -> inactive. Durations are measured in
/// event time over contiguous windows (see <see cref="HoldTracker"/>).
/// </summary>
internal sealed class Lifecycle
{
    private readonly HoldTracker _hold = new();

    /// <summary>Inactive, Pending or Firing (Resolved is a transition, after which the state is Inactive).</summary>
    public AlertState State { get; private set; } = AlertState.Inactive;

    /// <summary>While firing: start of the first window of the current run of false windows.</summary>
    private DateTimeOffset? ClearSince { get; set; }

    /// <summary>End of the last window evaluated.</summary>
    public DateTimeOffset? LastEnd => _hold.LastEnd;

    public bool IsLate(DateTimeOffset end) => _hold.IsLate(end);

    /// <summary>Evaluates one window; returns the transition to emit, or null.</summary>
    public AlertState? Step(bool holds, DateTimeOffset start, DateTimeOffset end, TimeSpan forDuration, TimeSpan keepFiringFor)
    {
        var contiguous = _hold.IsContiguous(start);
        var heldLongEnough = _hold.Step(holds, start, end, forDuration);
        if (holds)
        {
            ClearSince = null;
            if (State == AlertState.Firing)
            {
                return null;
            }

            var next = heldLongEnough ? AlertState.Firing : AlertState.Pending;
            return next == State ? null : State = next;
        }

        switch (State)
        {
            case AlertState.Pending:
                return State = AlertState.Inactive;
            case AlertState.Firing:
                if (ClearSince is null || !contiguous)
                {
                    ClearSince = start;
                }

                if (end - ClearSince.Value < keepFiringFor)
                {
                    return null;
                }

                Reset();
                return AlertState.Resolved;
            default:
                return null;
        }
    }

    /// <summary>Forgets the episode (after a resolve, or when the rule is replaced).</summary>
    public void Reset()
    {
        State = AlertState.Inactive;
        ClearSince = null;
    }

    public void Write(BinaryWriter writer)
    {
        _hold.Write(writer);
        writer.Write((byte)State);
        writer.WriteTime(ClearSince);
    }

    public void Read(BinaryReader reader)
    {
        _hold.Read(reader);
        State = (AlertState)reader.ReadByte();
        ClearSince = reader.ReadOptionalTime();
    }
}
