using System.Globalization;
using System.Text;
using System.Text.Unicode;
using MetricStream.Avro.Records;
using MetricStream.Edge.Ingest;
using MetricStream.Edge.Ingest.Internal;
using MetricStream.Edge.LineProtocol.Internal;

namespace MetricStream.Edge.LineProtocol;

/// <summary>
/// Parses InfluxDB line protocol from UTF-8 bytes, line by line, without making a string per line:
/// <c>measurement[,tag=value...] field=value[,field=value...] [timestamp]</c>.
/// </summary>
/// <remarks>
/// <para>Rules (as InfluxDB 1.x and 2.x apply them):</para>
/// <list type="bullet">
/// <item>Lines end at <c>\n</c>; a trailing <c>\r</c> (CRLF) and trailing spaces or tabs are ignored, as are
/// leading spaces and tabs. Blank lines and lines starting with <c>#</c> (comments) are skipped.</item>
/// <item>Escapes: in the measurement <c>\,</c> and <c>\ </c> (backslash space); in tag keys, tag values and field
/// keys <c>\,</c>, <c>\=</c> and <c>\ </c>; in string field values <c>\"</c> and <c>\\</c>. A backslash before any
/// other character is kept literally. An unescaped <c>=</c> in a tag value is an error.</item>
/// <item>Field values: float (<c>-1.5</c>, <c>1e9</c>, <c>.5</c>; no NaN or infinity, no leading <c>+</c>),
/// integer <c>-12i</c> (64-bit signed), unsigned <c>12u</c> (must fit the point model's signed 64-bit long,
/// i.e. at most 9223372036854775807), boolean <c>t T true True TRUE f F false False FALSE</c>, string
/// <c>"..."</c> (a string cannot contain a line feed). A field key repeated on a line keeps its last value.</item>
/// <item>The optional timestamp is a signed integer in the request's precision; without one a point takes the
/// default timestamp (the request's arrival time).</item>
/// <item>Lines longer than the configured maximum and lines that are not valid UTF-8 are rejected whole.</item>
/// </list>
/// <para>Thread-safe: per-thread scratch space (an unescape buffer and a string cache) makes steady-state
/// parsing allocate only the strings it has not seen recently.</para>
/// </remarks>
public sealed class LineProtocolParser
{
    private static readonly System.Buffers.SearchValues<byte> MeasurementStops = System.Buffers.SearchValues.Create(", \\"u8);
    private static readonly System.Buffers.SearchValues<byte> KeyStops = System.Buffers.SearchValues.Create(",= \\"u8);

    [ThreadStatic]
    private static ParserScratch? _scratch;

    private readonly int _maxLineBytes;

    /// <summary>Creates a parser.</summary>
    /// <param name="maxLineBytes">Longest accepted line in bytes (line feed excluded); longer lines are rejected.</param>
    public LineProtocolParser(int maxLineBytes = 64 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        _maxLineBytes = maxLineBytes;
    }

    /// <summary>
    /// Parses every line of <paramref name="body"/>, reporting each point or error to <paramref name="sink"/>
    /// in order. Never throws for malformed input.
    /// </summary>
    /// <param name="body">The request body (decompressed), UTF-8.</param>
    /// <param name="precision">The unit of the timestamps in the body.</param>
    /// <param name="defaultTimestampNanos">Timestamp (ns since the Unix epoch) of lines without one.</param>
    /// <param name="sink">Receives points (with line numbers from 1) and errors.</param>
    public void Parse(ReadOnlySpan<byte> body, TimestampPrecision precision, long defaultTimestampNanos, IPointSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var scratch = _scratch ??= new ParserScratch();
        var point = scratch.Point;
        var lineNumber = 0;
        while (!body.IsEmpty)
        {
            lineNumber++;
            ReadOnlySpan<byte> line;
            var newline = body.IndexOf((byte)'\n');
            if (newline < 0)
            {
                line = body;
                body = default;
            }
            else
            {
                line = body[..newline];
                body = body[(newline + 1)..];
            }

            if (line.Length > _maxLineBytes)
            {
                sink.OnError(lineNumber, string.Create(CultureInfo.InvariantCulture, $"line is {line.Length} bytes, longer than the limit of {_maxLineBytes}"));
                continue;
            }

            line = line.TrimEnd(" \t\r"u8).TrimStart(" \t"u8);
            if (line.IsEmpty || line[0] == (byte)'#')
            {
                continue;
            }

            if (!Utf8.IsValid(line))
            {
                sink.OnError(lineNumber, "line is not valid UTF-8");
                continue;
            }

            point.Clear();
            if (ParseLine(line, point, precision, defaultTimestampNanos, scratch) is { } error)
            {
                sink.OnError(lineNumber, error);
            }
            else
            {
                sink.OnPoint(point, lineNumber);
            }
        }
    }

    private static string? ParseLine(ReadOnlySpan<byte> line, MetricPoint point, TimestampPrecision precision, long defaultTimestamp, ParserScratch scratch)
    {
        var n = line.Length;
        var i = ScanMeasurement(line, out var escaped);
        if (i == 0)
        {
            return "missing measurement";
        }

        point.Measurement = scratch.GetString(line[..i], escaped, ParserScratch.Escapes.Measurement);

        while (i < n && line[i] == (byte)',')
        {
            i++;
            var keyStart = i;
            i = ScanKey(line, i, out escaped, out var stop);
            var keyBytes = line[keyStart..i];
            if (keyBytes.IsEmpty)
            {
                return "missing tag key";
            }

            if (stop != (byte)'=')
            {
                return $"tag key '{Excerpt(keyBytes)}' has no value";
            }

            var key = scratch.GetString(keyBytes, escaped, ParserScratch.Escapes.Key);
            i++;
            var valueStart = i;
            i = ScanKey(line, i, out var valueEscaped, out stop);
            if (stop == (byte)'=')
            {
                return $"unescaped '=' in the value of tag '{Excerpt(key)}'";
            }

            if (i == valueStart)
            {
                return $"tag '{Excerpt(key)}' has no value";
            }

            point.Tags.Add(new Tag(key, scratch.GetString(line[valueStart..i], valueEscaped, ParserScratch.Escapes.Key)));
        }

        i = SkipSpaces(line, i);
        if (i >= n)
        {
            return "missing fields";
        }

        while (true)
        {
            var keyStart = i;
            i = ScanKey(line, i, out escaped, out var stop);
            var keyBytes = line[keyStart..i];
            if (stop != (byte)'=')
            {
                return keyBytes.IsEmpty ? "missing field key" : $"field '{Excerpt(keyBytes)}' has no value";
            }

            if (keyBytes.IsEmpty)
            {
                return "missing field key";
            }

            var name = scratch.GetString(keyBytes, escaped, ParserScratch.Escapes.Key);
            i++;
            if (i >= n || line[i] is (byte)' ' or (byte)',')
            {
                return $"field '{Excerpt(name)}' has no value";
            }

            FieldValue value;
            if (line[i] == (byte)'"')
            {
                var close = ScanString(line, i + 1, out var stringEscaped);
                if (close < 0)
                {
                    return $"unterminated string value of field '{Excerpt(name)}'";
                }

                value = FieldValue.Of(scratch.GetStringValue(line[(i + 1)..close], stringEscaped));
                i = close + 1;
                if (i < n && line[i] is not ((byte)',' or (byte)' '))
                {
                    return $"unexpected character after the string value of field '{Excerpt(name)}'";
                }
            }
            else
            {
                var end = line[i..].IndexOfAny((byte)',', (byte)' ');
                end = end < 0 ? n : i + end;
                if (FieldValueParser.ParseScalar(line[i..end], out value) is { } bad)
                {
                    return $"{bad} '{Excerpt(line[i..end])}' in field '{Excerpt(name)}'";
                }

                i = end;
            }

            FieldList.SetLast(point.Fields, name, value);
            if (i >= n || line[i] == (byte)' ')
            {
                break;
            }

            i++; // ','
        }

        i = SkipSpaces(line, i);
        if (i >= n)
        {
            point.TimestampNanos = defaultTimestamp;
            return null;
        }

        var tsEnd = line[i..].IndexOfAny((byte)' ', (byte)'\t');
        tsEnd = tsEnd < 0 ? n : i + tsEnd;
        var token = line[i..tsEnd];
        if (!line[tsEnd..].TrimStart(" \t"u8).IsEmpty)
        {
            return "unexpected text after the timestamp";
        }

        if (!FieldValueParser.TryParseInt64(token, out var ts))
        {
            return $"invalid timestamp '{Excerpt(token)}'";
        }

        if (!Precision.TryToNanoseconds(ts, precision, out var nanos))
        {
            return $"timestamp '{Excerpt(token)}' is out of range";
        }

        point.TimestampNanos = nanos;
        return null;
    }

    private static int ScanMeasurement(ReadOnlySpan<byte> line, out bool escaped)
    {
        escaped = false;
        var i = 0;
        while (true)
        {
            // Jump to the next interesting byte; only backslashes need a closer look.
            var next = line[i..].IndexOfAny(MeasurementStops);
            if (next < 0)
            {
                return line.Length;
            }

            i += next;
            if (line[i] != (byte)'\\')
            {
                return i;
            }

            if (i + 1 < line.Length && line[i + 1] is (byte)',' or (byte)' ')
            {
                escaped = true;
                i += 2;
            }
            else
            {
                i++;
            }
        }
    }

    /// <summary>Scans a tag key, tag value or field key up to an unescaped ',', '=' or ' ' (returned in <paramref name="stop"/>, 0 at the end).</summary>
    private static int ScanKey(ReadOnlySpan<byte> line, int i, out bool escaped, out byte stop)
    {
        escaped = false;
        while (true)
        {
            var next = i < line.Length ? line[i..].IndexOfAny(KeyStops) : -1;
            if (next < 0)
            {
                stop = 0;
                return line.Length;
            }

            i += next;
            var b = line[i];
            if (b != (byte)'\\')
            {
                stop = b;
                return i;
            }

            if (i + 1 < line.Length && line[i + 1] is (byte)',' or (byte)'=' or (byte)' ')
            {
                escaped = true;
                i += 2;
            }
            else
            {
                i++;
            }
        }
    }

    /// <summary>Finds the closing quote of a string value starting at <paramref name="i"/>; -1 when there is none.</summary>
    private static int ScanString(ReadOnlySpan<byte> line, int i, out bool escaped)
    {
        escaped = false;
        while (i < line.Length)
        {
            var b = line[i];
            if (b == (byte)'\\' && i + 1 < line.Length && line[i + 1] is (byte)'"' or (byte)'\\')
            {
                escaped = true;
                i += 2;
                continue;
            }

            if (b == (byte)'"')
            {
                return i;
            }

            i++;
        }

        return -1;
    }

    private static int SkipSpaces(ReadOnlySpan<byte> line, int i)
    {
        while (i < line.Length && line[i] == (byte)' ')
        {
            i++;
        }

        return i;
    }

    private static string Excerpt(ReadOnlySpan<byte> utf8) =>
        Validation.PointValidator.Excerpt(Encoding.UTF8.GetString(utf8.Length > 256 ? utf8[..256] : utf8));

    private static string Excerpt(string text) => Validation.PointValidator.Excerpt(text);
}
