using System.Globalization;
using System.Text;
using MetricStream.Avro.Records;
using MetricStream.Edge.Ingest;

namespace MetricStream.Edge.LineProtocol;

/// <summary>
/// Writes points as InfluxDB line protocol, escaping as <see cref="LineProtocolParser"/> unescapes, so
/// that format then parse gives the same point back. Floats are written in their shortest round-trip form.
/// </summary>
/// <remarks>
/// Line protocol cannot represent everything: a measurement, key or tag value ending in a backslash, or a
/// backslash before a character that is escaped in that element, reads back differently; line feeds cannot be
/// written anywhere; NaN and infinite floats have no syntax. <see cref="Format"/> throws for those.
/// </remarks>
public static class LineProtocolFormatter
{
    /// <summary>Appends one line (without the line feed) for <paramref name="point"/>.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="point">The point (its tenant, bucket and id are not part of line protocol).</param>
    /// <param name="precision">Unit of the written timestamp; the timestamp is divided by it (truncating).</param>
    /// <exception cref="ArgumentException">The point cannot be represented in line protocol.</exception>
    public static void Format(StringBuilder output, MetricPoint point, TimestampPrecision precision = TimestampPrecision.Nanoseconds)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(point);
        if (point.Measurement.StartsWith('#'))
        {
            throw new ArgumentException("a measurement starting with '#' would read back as a comment line");
        }

        Escape(output, point.Measurement, ", ");
        foreach (var tag in point.Tags)
        {
            output.Append(',');
            Escape(output, tag.Key, ",= ");
            output.Append('=');
            Escape(output, tag.Value, ",= ");
        }

        var separator = ' ';
        foreach (var field in point.Fields)
        {
            output.Append(separator);
            separator = ',';
            Escape(output, field.Name, ",= ");
            output.Append('=');
            AppendValue(output, field.Value);
        }

        output.Append(' ').Append((point.TimestampNanos / (long)precision).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Formats <paramref name="points"/> as a body, one line each, each ending with a line feed.</summary>
    /// <param name="points">The points.</param>
    /// <param name="precision">Unit of the written timestamps.</param>
    /// <returns>The body as UTF-8 bytes.</returns>
    public static byte[] FormatBody(IEnumerable<MetricPoint> points, TimestampPrecision precision = TimestampPrecision.Nanoseconds)
    {
        ArgumentNullException.ThrowIfNull(points);
        var text = new StringBuilder();
        foreach (var point in points)
        {
            Format(text, point, precision);
            text.Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void AppendValue(StringBuilder output, FieldValue value)
    {
        switch (value.Kind)
        {
            case FieldValueKind.Double:
                if (!double.IsFinite(value.AsDouble))
                {
                    throw new ArgumentException("NaN and infinite floats cannot be written as line protocol");
                }

                output.Append(value.AsDouble.ToString("R", CultureInfo.InvariantCulture));
                break;
            case FieldValueKind.Long:
                output.Append(value.AsLong.ToString(CultureInfo.InvariantCulture)).Append('i');
                break;
            case FieldValueKind.Boolean:
                output.Append(value.AsBoolean ? "true" : "false");
                break;
            default:
                var text = value.AsString!;
                if (text.Contains('\n', StringComparison.Ordinal))
                {
                    throw new ArgumentException("a string field value with a line feed cannot be written as line protocol");
                }

                output.Append('"');
                foreach (var c in text)
                {
                    if (c is '"' or '\\')
                    {
                        output.Append('\\');
                    }

                    output.Append(c);
                }

                output.Append('"');
                break;
        }
    }

    private static void Escape(StringBuilder output, string text, string special)
    {
        if (text.Contains('\n', StringComparison.Ordinal) || text.EndsWith('\\'))
        {
            throw new ArgumentException($"'{text}' cannot be written as line protocol (line feed or trailing backslash)");
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && special.Contains(text[i + 1], StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{text}' cannot be written as line protocol (backslash before '{text[i + 1]}')");
            }

            if (special.Contains(c, StringComparison.Ordinal))
            {
                output.Append('\\');
            }

            output.Append(c);
        }
    }
}
