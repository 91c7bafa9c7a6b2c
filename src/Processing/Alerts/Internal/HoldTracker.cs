namespace MetricStream.Processing.Alerts.Internal;

/// <summary>
/// Tracks, per series, since when a per-window condition has held over contiguous windows (a window that
/// starts after the previous one ended breaks the run), and the last window end evaluated (older windows
/// are late).
/// </summary>
internal sealed class HoldTracker
{
    /// <summary>Start of the first window of the current run of windows in which the condition held.</summary>
    public DateTimeOffset? HoldSince { get; set; }

    /// <summary>End of the last window evaluated.</summary>
    public DateTimeOffset? LastEnd { get; set; }

    /// <summary>True when a window ending at <paramref name="end"/> is not newer than one already evaluated.</summary>
    public bool IsLate(DateTimeOffset end) => LastEnd is { } last && end <= last;

    /// <summary>True when a window starting at <paramref name="start"/> follows the last one without a gap.</summary>
    public bool IsContiguous(DateTimeOffset start) => LastEnd is { } last && start <= last;

    /// <summary>Records one window; true when the condition has now held for at least <paramref name="duration"/>.</summary>
    public bool Step(bool holds, DateTimeOffset start, DateTimeOffset end, TimeSpan duration)
    {
        if (!holds)
        {
            HoldSince = null;
        }
        else if (HoldSince is null || !IsContiguous(start))
        {
            HoldSince = start;
        }

        LastEnd = end;
        return holds && end - HoldSince!.Value >= duration;
    }

    public void Write(BinaryWriter writer)
    {
        writer.WriteTime(HoldSince);
        writer.WriteTime(LastEnd);
    }

    public void Read(BinaryReader reader)
    {
        HoldSince = reader.ReadOptionalTime();
        LastEnd = reader.ReadOptionalTime();
    }
}
