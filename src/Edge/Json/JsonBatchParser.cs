using System.Globalization;
using System.Text.Json;
using MetricStream.Avro.Records;
using MetricStream.Edge.Ingest;
using MetricStream.Edge.Ingest.Internal;

namespace MetricStream.Edge.Json;

/// <summary>
/// Parses the JSON batch of <c>POST /api/v1/metrics</c>:
/// <code>
/// { "metrics": [
///     { "name": "cpu", "value": 0.5, "tags": { "host": "a" }, "timestamp": "2024-05-01T12:00:00.123456789Z" },
///     { "name": "disk", "fields": { "used": 1024, "ok": true, "state": "rw" }, "timestamp": 1714564800000 } ] }
/// </code>
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Each metric has a <c>name</c> (the measurement) and either <c>value</c> (one field named <c>value</c>)
/// or <c>fields</c> (an object, at least one member). Field values are numbers, booleans or strings.
/// <b>Every JSON number is a double</b>: JSON does not say whether <c>1</c> is an integer, and InfluxDB
/// refuses a field whose type changes between points, so numbers get one type.</item>
/// <item><c>tags</c> is optional, an object of string values.</item>
/// <item><c>timestamp</c> is optional (default: the request's arrival time). A string is an RFC 3339 date-time
/// with an offset, up to nanoseconds. A number counts units since the Unix epoch in the request's precision
/// (<c>?precision=ns|us|ms|s</c>, <b>default milliseconds</b>); a fractional number is rounded to the nearest nanosecond.</item>
/// <item>Other members are ignored. A repeated field name keeps its last value; a repeated tag key is rejected by validation.</item>
/// <item>Items are numbered from 1 in array order. A malformed metric is rejected alone; a body that is not
/// well-formed JSON, or whose root is not an object with a <c>metrics</c> array, is rejected whole with one
/// error and no points (its item number is the 1-based JSON line of the syntax error, or 0).</item>
/// </list>
/// Thread-safe: per-thread scratch point.
/// </remarks>
public static class JsonBatchParser
{
    [ThreadStatic]
    private static MetricPoint? _scratch;

    /// <summary>Parses <paramref name="body"/>, reporting points and errors to <paramref name="sink"/>. Never throws for malformed input.</summary>
    /// <param name="body">The UTF-8 JSON body.</param>
    /// <param name="precision">Unit of numeric timestamps (the endpoint's default is milliseconds).</param>
    /// <param name="defaultTimestampNanos">Timestamp of metrics without one.</param>
    /// <param name="sink">Receives points and errors.</param>
    public static void Parse(ReadOnlySpan<byte> body, TimestampPrecision precision, long defaultTimestampNanos, IPointSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);

        // Validate the whole document first: a truncated or broken body must not be half accepted.
        var check = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 16 });
        try
        {
            while (check.Read())
            {
            }
        }
        catch (JsonException ex)
        {
            sink.OnError((int)(ex.LineNumber ?? -1) + 1, "invalid JSON: " + ex.Message);
            return;
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 16 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject || !SeekMetrics(ref reader))
        {
            sink.OnError(0, "the body must be a JSON object with a \"metrics\" array");
            return;
        }

        var point = _scratch ??= new MetricPoint();
        var item = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            item++;
            point.Clear();
            point.TimestampNanos = defaultTimestampNanos;
            var error = reader.TokenType == JsonTokenType.StartObject
                ? ReadMetric(ref reader, point, precision)
                : Skip(ref reader, "a metric must be a JSON object");
            if (error is not null)
            {
                sink.OnError(item, error);
            }
            else
            {
                sink.OnPoint(point, item);
            }
        }
    }

    private static bool SeekMetrics(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMetrics = reader.ValueTextEquals("metrics"u8);
            reader.Read();
            if (isMetrics)
            {
                return reader.TokenType == JsonTokenType.StartArray;
            }

            reader.Skip();
        }

        return false;
    }

    /// <summary>Reads one metric object (reader on its StartObject; left on its EndObject).</summary>
    private static string? ReadMetric(ref Utf8JsonReader reader, MetricPoint point, TimestampPrecision precision)
    {
        string? error = null;
        var hasValue = false;
        var hasFields = false;
        var depth = reader.CurrentDepth;
        while (error is null && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.ValueSpan;
            var name = reader.ValueIsEscaped ? reader.GetString() ?? string.Empty : null;
            reader.Read();
            if (Is(property, name, "name"u8))
            {
                error = reader.TokenType == JsonTokenType.String ? null : "\"name\" must be a string";
                point.Measurement = error is null ? reader.GetString()! : string.Empty;
            }
            else if (Is(property, name, "value"u8))
            {
                hasValue = true;
                error = ReadValue(ref reader, point, "value");
            }
            else if (Is(property, name, "fields"u8))
            {
                hasFields = true;
                error = ReadFields(ref reader, point);
            }
            else if (Is(property, name, "tags"u8))
            {
                error = ReadTags(ref reader, point);
            }
            else if (Is(property, name, "timestamp"u8))
            {
                error = ReadTimestamp(ref reader, point, precision);
            }
            else
            {
                reader.Skip();
            }
        }

        // After an error the reader may be anywhere inside the metric: move to its closing brace.
        while (!(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth) && reader.Read())
        {
        }

        if (error is not null)
        {
            return error;
        }

        if (point.Measurement.Length == 0)
        {
            return "missing \"name\"";
        }

        if (hasValue == hasFields)
        {
            return "a metric needs exactly one of \"value\" and \"fields\"";
        }

        return null;
    }

    private static bool Is(ReadOnlySpan<byte> raw, string? unescaped, ReadOnlySpan<byte> expected) =>
        unescaped is null ? raw.SequenceEqual(expected) : System.Text.Encoding.UTF8.GetBytes(unescaped).AsSpan().SequenceEqual(expected);

    private static string? ReadValue(ref Utf8JsonReader reader, MetricPoint point, string name)
    {
        FieldValue value;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (!reader.TryGetDouble(out var d) || !double.IsFinite(d))
                {
                    return $"value of field '{name}' is out of range";
                }

                value = FieldValue.Of(d);
                break;
            case JsonTokenType.True:
            case JsonTokenType.False:
                value = FieldValue.Of(reader.GetBoolean());
                break;
            case JsonTokenType.String:
                value = FieldValue.Of(reader.GetString()!);
                break;
            default:
                return $"value of field '{name}' must be a number, boolean or string";
        }

        FieldList.SetLast(point.Fields, name, value);
        return null;
    }

    private static string? ReadFields(ref Utf8JsonReader reader, MetricPoint point)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return "\"fields\" must be an object";
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (ReadValue(ref reader, point, name) is { } error)
            {
                return error;
            }
        }

        return point.Fields.Count == 0 ? "\"fields\" is empty" : null;
    }

    private static string? ReadTags(ref Utf8JsonReader reader, MetricPoint point)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return "\"tags\" must be an object";
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                return $"tag '{Validation.PointValidator.Excerpt(key)}' must have a string value";
            }

            point.Tags.Add(new Tag(key, reader.GetString()!));
        }

        return null;
    }

    private static string? ReadTimestamp(ref Utf8JsonReader reader, MetricPoint point, TimestampPrecision precision)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                var text = reader.GetString()!;
                if (!Rfc3339.TryParse(text, out var parsed))
                {
                    return $"timestamp '{Validation.PointValidator.Excerpt(text)}' is not an RFC 3339 date-time";
                }

                point.TimestampNanos = parsed;
                return null;
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var whole))
                {
                    if (!Precision.TryToNanoseconds(whole, precision, out var nanos))
                    {
                        return "timestamp is out of range";
                    }

                    point.TimestampNanos = nanos;
                    return null;
                }

                // Fractions in decimal: a double cannot hold a nanosecond timestamp exactly.
                if (!reader.TryGetDecimal(out var fraction) || Math.Abs(fraction) > long.MaxValue / (long)precision)
                {
                    return "timestamp is out of range";
                }

                point.TimestampNanos = (long)Math.Round(fraction * (long)precision, MidpointRounding.AwayFromZero);
                return null;
            default:
                return string.Create(CultureInfo.InvariantCulture, $"timestamp must be a string or a number, not {reader.TokenType}");
        }
    }

    private static string Skip(ref Utf8JsonReader reader, string error)
    {
        reader.Skip();
        return error;
    }
}
