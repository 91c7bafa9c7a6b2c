namespace MetricStream.Processing.Windows;

/// <summary>
/// Overlapping windows of one size that start every <see cref="WindowDefinition.Advance"/>, aligned to
/// the epoch: size 5000 ms and advance 3000 ms have boundaries [0;5000),[3000;8000),[6000;11000),...
/// A record belongs to every window that contains its event time.
/// </summary>
public sealed class HoppingWindow : WindowDefinition
{
    private HoppingWindow(TimeSpan size, TimeSpan advance, TimeSpan grace)
        : base(size, advance, grace)
    {
    }

    /// <summary>Hopping windows; with <paramref name="advance"/> equal to <paramref name="size"/> they behave as tumbling windows.</summary>
    /// <param name="size">Window length; positive, whole milliseconds.</param>
    /// <param name="advance">Distance between window starts; positive, at most <paramref name="size"/>, whole milliseconds.</param>
    /// <param name="grace">Grace period; zero or positive, whole milliseconds.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    /// <exception cref="ArgumentException">A value is not a whole number of milliseconds.</exception>
    public static HoppingWindow Of(TimeSpan size, TimeSpan advance, TimeSpan grace) => new(size, advance, grace);

    /// <summary>e.g. <c>hopping(size=5m, advance=1m, grace=30s)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"hopping(size={Durations.Format(Size)}, advance={Durations.Format(Advance)}, grace={Durations.Format(Grace)})";
}
