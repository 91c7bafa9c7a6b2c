using System.Buffers;

namespace MetricStream.Sinks.LineProtocol.Internal;

/// <summary>Escaping of names and values as InfluxDB's line protocol parser reads them.</summary>
internal static class LineEscaping
{
    /// <summary>Characters escaped in a measurement.</summary>
    public static readonly SearchValues<char> Measurement = SearchValues.Create(", ");

    /// <summary>Characters escaped in tag keys, tag values and field names.</summary>
    public static readonly SearchValues<char> Key = SearchValues.Create(",= ");

    private static readonly SearchValues<char> MeasurementStops = SearchValues.Create(", \\\n");
    private static readonly SearchValues<char> KeyStops = SearchValues.Create(",= \\\n");
    private static readonly SearchValues<char> StringStops = SearchValues.Create("\"\\\n");

    /// <summary>
    /// Appends <paramref name="text"/> with each character of <paramref name="special"/> preceded by a backslash.
    /// A backslash is written as is (InfluxDB keeps a backslash before an ordinary character), so one at the
    /// end or before a special character cannot be represented.
    /// </summary>
    /// <returns>Null, or why <paramref name="text"/> cannot be written (the buffer may hold part of it).</returns>
    public static string? Append(LineBuffer output, string text, SearchValues<char> special, string what)
    {
        var stops = ReferenceEquals(special, Measurement) ? MeasurementStops : KeyStops;
        ReadOnlySpan<char> rest = text;
        while (true)
        {
            var i = rest.IndexOfAny(stops);
            if (i < 0)
            {
                output.AppendUtf8(rest);
                return null;
            }

            output.AppendUtf8(rest[..i]);
            var c = rest[i];
            if (c == '\n')
            {
                return $"a line feed in a {what} cannot be written as line protocol";
            }

            if (c == '\\')
            {
                if (i + 1 == rest.Length || special.Contains(rest[i + 1]))
                {
                    return $"a backslash at the end of a {what} or before '{(i + 1 == rest.Length ? "end" : rest[i + 1])}' cannot be written as line protocol";
                }
            }
            else
            {
                output.Append((byte)'\\');
            }

            output.Append((byte)c);
            rest = rest[(i + 1)..];
        }
    }

    /// <summary>Appends a quoted string field value, escaping <c>"</c> and <c>\</c>.</summary>
    /// <returns>Null, or why the value cannot be written.</returns>
    public static string? AppendString(LineBuffer output, string text)
    {
        output.Append((byte)'"');
        ReadOnlySpan<char> rest = text;
        while (true)
        {
            var i = rest.IndexOfAny(StringStops);
            if (i < 0)
            {
                output.AppendUtf8(rest);
                output.Append((byte)'"');
                return null;
            }

            output.AppendUtf8(rest[..i]);
            if (rest[i] == '\n')
            {
                return "a line feed in a string field cannot be written as line protocol";
            }

            output.Append((byte)'\\');
            output.Append((byte)rest[i]);
            rest = rest[(i + 1)..];
        }
    }
}
