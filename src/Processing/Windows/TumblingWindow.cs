namespace MetricStream.Processing.Windows;

/// <summary>
/// Non-overlapping windows of one size, aligned to the epoch: size 60 s gives [00:00;00:01),[00:01;00:02),...
/// Every record belongs to exactly one window.
/// </summary>
public sealed class TumblingWindow : WindowDefinition
{
    private TumblingWindow(TimeSpan size, TimeSpan grace)
        : base(size, size, grace)
    {
    }

    /// <summary>Tumbling windows of <paramref name="size"/> that accept out-of-order records until stream time reaches <c>end + grace</c>.</summary>
    /// <param name="size">Window length; positive, whole milliseconds.</param>
    /// <param name="grace">Grace period; zero or positive, whole milliseconds.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Size not positive or grace negative.</exception>
    /// <exception cref="ArgumentException">A value is not a whole number of milliseconds.</exception>
    public static TumblingWindow Of(TimeSpan size, TimeSpan grace) => new(size, grace);

    /// <summary>e.g. <c>tumbling(size=1m, grace=30s)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"tumbling(size={Durations.Format(Size)}, grace={Durations.Format(Grace)})";
}
