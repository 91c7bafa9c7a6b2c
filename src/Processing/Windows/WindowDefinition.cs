namespace MetricStream.Processing.Windows;

/// <summary>
/// Fixed-size event-time windows aligned to the Unix epoch, as in Kafka Streams' <c>TimeWindows</c>:
/// windows start at every multiple of <see cref="Advance"/> since 1970-01-01T00:00:00Z and last
/// <see cref="Size"/>. A record belongs to every window whose <c>[start, end)</c> contains its event time
/// (one window when tumbling, <c>Size / Advance</c> windows when hopping).
/// <para>
/// A window <b>closes</b> when the stream time of the processor that holds it reaches
/// <c>end + Grace</c> (stream time is the largest event time that processor has seen), or earlier by the
/// wall-clock idle rule (<see cref="IdleClose"/>). It is emitted once, when it closes (emit-final), and
/// only if it holds at least one value. A record whose window is already closed is <i>late</i>: it is
/// counted and sent to the late topic, never silently dropped.
/// </para>
/// Create instances with <see cref="TumblingWindow.Of"/> or <see cref="HoppingWindow.Of"/>.
/// </summary>
public abstract class WindowDefinition : IEquatable<WindowDefinition>
{
    private protected WindowDefinition(TimeSpan size, TimeSpan advance, TimeSpan grace)
    {
        RequireWholeMilliseconds(size, nameof(size));
        RequireWholeMilliseconds(advance, nameof(advance));
        RequireWholeMilliseconds(grace, nameof(grace));
        if (size <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "window size must be positive");
        }

        if (advance <= TimeSpan.Zero || advance > size)
        {
            throw new ArgumentOutOfRangeException(nameof(advance), advance, "advance must be positive and at most the window size");
        }

        if (grace < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(grace), grace, "grace must not be negative");
        }

        Size = size;
        Advance = advance;
        Grace = grace;
    }

    /// <summary>Window length: <c>End - Start</c>. Whole milliseconds (the rollup topics carry milliseconds).</summary>
    public TimeSpan Size { get; }

    /// <summary>Distance between the starts of consecutive windows; equals <see cref="Size"/> for tumbling windows.</summary>
    public TimeSpan Advance { get; }

    /// <summary>
    /// How long after its end a window still accepts out-of-order records, measured in stream time:
    /// the window closes when stream time &gt;= <c>end + Grace</c>. Zero closes a window as soon as a record
    /// at or after its end is seen.
    /// </summary>
    public TimeSpan Grace { get; }

    /// <summary>True when <see cref="Advance"/> equals <see cref="Size"/> (non-overlapping windows).</summary>
    public bool IsTumbling => Advance == Size;

    /// <summary>
    /// The windows that contain <paramref name="eventTime"/>, earliest start first. Hopping windows with
    /// size 5000 ms and advance 3000 ms have boundaries [0;5000),[3000;8000),[6000;11000),...; event time
    /// 4000 ms is in [0;5000) and [3000;8000).
    /// </summary>
    /// <param name="eventTime">The record's event time.</param>
    /// <returns>Every window whose <c>[start, end)</c> contains the event time and starts at or after the epoch.</returns>
    public IReadOnlyList<TimeWindow> WindowsFor(DateTimeOffset eventTime)
    {
        var result = new List<TimeWindow>((int)(Size.Ticks / Advance.Ticks) + 1);
        var offset = eventTime.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        for (var start = LastStartTicks(offset); start > offset - Size.Ticks && start >= 0; start -= Advance.Ticks)
        {
            result.Add(new TimeWindow(FromOffset(start), FromOffset(start + Size.Ticks)));
        }

        result.Reverse();
        return result;
    }

    /// <summary>Equal when size, advance and grace are equal.</summary>
    /// <param name="other">The other definition.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(WindowDefinition? other) =>
        other is not null && Size == other.Size && Advance == other.Advance && Grace == other.Grace;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as WindowDefinition);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Size, Advance, Grace);

    /// <summary>Start (ticks since the epoch) of the latest window containing <paramref name="offsetTicks"/>; earlier ones are <see cref="Advance"/> apart while <c>start &gt; offset - Size</c>.</summary>
    internal long LastStartTicks(long offsetTicks)
    {
        // Floor division: an event time before the epoch gets a negative start, which callers skip.
        var advance = Advance.Ticks;
        var quotient = Math.DivRem(offsetTicks, advance, out var remainder);
        return (remainder < 0 ? quotient - 1 : quotient) * advance;
    }

    internal static DateTimeOffset FromOffset(long offsetTicks) => new(DateTimeOffset.UnixEpoch.UtcTicks + offsetTicks, TimeSpan.Zero);

    private static void RequireWholeMilliseconds(TimeSpan value, string name)
    {
        if (value.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentException($"{name} must be a whole number of milliseconds (got {value})", name);
        }
    }
}
