namespace MetricStream.Edge.Spool;

/// <summary>A place in a <see cref="SpoolLog"/>: a segment number and a byte offset in it (always a frame boundary).</summary>
/// <param name="Segment">The segment number (segments are numbered in write order).</param>
/// <param name="Offset">Byte offset of a frame in the segment, or its length (the end).</param>
public readonly record struct SpoolPosition(long Segment, long Offset) : IComparable<SpoolPosition>
{
    /// <inheritdoc />
    public int CompareTo(SpoolPosition other) => Segment != other.Segment ? Segment.CompareTo(other.Segment) : Offset.CompareTo(other.Offset);

    /// <summary>True when <paramref name="left"/> comes before <paramref name="right"/>.</summary>
    public static bool operator <(SpoolPosition left, SpoolPosition right) => left.CompareTo(right) < 0;

    /// <summary>True when <paramref name="left"/> comes after <paramref name="right"/>.</summary>
    public static bool operator >(SpoolPosition left, SpoolPosition right) => left.CompareTo(right) > 0;

    /// <summary>True when <paramref name="left"/> is not after <paramref name="right"/>.</summary>
    public static bool operator <=(SpoolPosition left, SpoolPosition right) => left.CompareTo(right) <= 0;

    /// <summary>True when <paramref name="left"/> is not before <paramref name="right"/>.</summary>
    public static bool operator >=(SpoolPosition left, SpoolPosition right) => left.CompareTo(right) >= 0;
}
