using System.Globalization;
using System.Text;

namespace MetricStream.Processing.Windows;

/// <summary>
/// The duration notation of topology files and descriptions: a sequence of a whole number and a unit,
/// <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c> or <c>d</c>, e.g. <c>500ms</c>, <c>30s</c>, <c>1m</c>, <c>1h30m</c>, <c>0s</c>.
/// </summary>
public static class Durations
{
    private static readonly (string Unit, long Ticks)[] Units =
    [
        ("d", TimeSpan.TicksPerDay),
        ("h", TimeSpan.TicksPerHour),
        ("m", TimeSpan.TicksPerMinute),
        ("s", TimeSpan.TicksPerSecond),
        ("ms", TimeSpan.TicksPerMillisecond),
    ];

    /// <summary>Parses a duration such as <c>1h30m</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The duration, when valid.</param>
    /// <returns>False when the text is not a duration in this notation.</returns>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        long ticks = 0;
        var i = 0;
        text = text.Trim();
        while (i < text.Length)
        {
            var digits = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (digits == i || !long.TryParse(text.AsSpan(digits, i - digits), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            var unit = text[unitStart..i];
            var match = Array.FindIndex(Units, u => u.Unit == unit);
            if (match < 0)
            {
                return false;
            }

            try
            {
                ticks = checked(ticks + (number * Units[match].Ticks));
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        value = TimeSpan.FromTicks(ticks);
        return true;
    }

    /// <summary>Formats a duration in the canonical form (largest units first, zero parts left out, <c>0s</c> for zero).</summary>
    /// <param name="value">A non-negative duration of whole milliseconds (finer parts are dropped).</param>
    /// <returns>e.g. <c>1h30m</c>.</returns>
    public static string Format(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            return value == TimeSpan.Zero ? "0s" : "-" + Format(-value);
        }

        var text = new StringBuilder();
        var ticks = value.Ticks;
        foreach (var (unit, unitTicks) in Units)
        {
            var count = ticks / unitTicks;
            if (count > 0)
            {
                text.Append(count.ToString(CultureInfo.InvariantCulture)).Append(unit);
                ticks -= count * unitTicks;
            }
        }

        return text.Length == 0 ? "0s" : text.ToString();
    }
}
