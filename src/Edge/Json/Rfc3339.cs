using System.Globalization;

namespace MetricStream.Edge.Json;

/// <summary>
/// Parses RFC 3339 timestamps (<c>2024-05-01T12:00:00Z</c>, <c>2024-05-01T14:00:00.123456789+02:00</c>) to
/// nanoseconds since the Unix epoch, keeping up to 9 fractional digits (more than <see cref="DateTimeOffset"/> holds).
/// </summary>
public static class Rfc3339
{
    /// <summary>Parses <paramref name="text"/>; false when it is not an RFC 3339 date-time or out of range.</summary>
    /// <param name="text">e.g. <c>2024-05-01T12:00:00.5Z</c>; 'T' and 'Z' may be lower case; the offset is required.</param>
    /// <param name="nanoseconds">Nanoseconds since the Unix epoch, UTC.</param>
    /// <returns>Whether the text was valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out long nanoseconds)
    {
        nanoseconds = 0;
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || (text[10] is not ('T' or 't' or ' ')) || text[13] != ':' || text[16] != ':')
        {
            return false;
        }

        if (!Digits(text[..4], out var year) || !Digits(text[5..7], out var month) || !Digits(text[8..10], out var day)
            || !Digits(text[11..13], out var hour) || !Digits(text[14..16], out var minute) || !Digits(text[17..19], out var second))
        {
            return false;
        }

        var i = 19;
        long fraction = 0;
        if (text[i] == '.')
        {
            i++;
            var digits = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                if (digits < 9)
                {
                    fraction = (fraction * 10) + (text[i] - '0');
                }

                digits++;
                i++;
            }

            if (digits == 0)
            {
                return false;
            }

            for (; digits < 9; digits++)
            {
                fraction *= 10;
            }
        }

        TimeSpan offset;
        var zone = text[i..];
        if (zone is "Z" or "z")
        {
            offset = TimeSpan.Zero;
        }
        else if (zone.Length == 6 && zone[0] is '+' or '-' && zone[3] == ':' && Digits(zone[1..3], out var oh) && Digits(zone[4..6], out var om) && oh < 24 && om < 60)
        {
            offset = new TimeSpan(oh, om, 0);
            if (zone[0] == '-')
            {
                offset = -offset;
            }
        }
        else
        {
            return false;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month) || hour > 23 || minute > 59 || second > 59 || year < 1)
        {
            return false;
        }

        var utc = new DateTimeOffset(year, month, day, hour, minute, second, offset).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        if (utc > long.MaxValue / 100 || utc < long.MinValue / 100)
        {
            return false;
        }

        var whole = utc * 100;
        if (whole > long.MaxValue - fraction)
        {
            return false;
        }

        nanoseconds = whole + fraction;
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
