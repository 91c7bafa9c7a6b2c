namespace MetricStream.Processing.Windows;

/// <summary>
/// One event-time window <c>[Start, End)</c>: a record with event time <c>t</c> belongs to it when
/// <c>Start &lt;= t &lt; End</c>. Bounds are aligned to the Unix epoch (see <see cref="WindowDefinition"/>).
/// </summary>
/// <param name="Start">Inclusive start.</param>
/// <param name="End">Exclusive end.</param>
public readonly record struct TimeWindow(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The window as <c>[start;end)</c> in ISO 8601 UTC, e.g. <c>[2024-01-01T00:00:00Z;2024-01-01T00:01:00Z)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"[{Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFF'Z'", System.Globalization.CultureInfo.InvariantCulture)};"
        + $"{End.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFF'Z'", System.Globalization.CultureInfo.InvariantCulture)})";
}
