using MetricStream.Avro.Records;
using MetricStream.Sinks.LineProtocol.Internal;

namespace MetricStream.Sinks.LineProtocol;

/// <summary>
/// Writes raw points and window aggregates as InfluxDB line protocol (one line, ending in <c>\n</c>) into a
/// <see cref="LineBuffer"/>, escaping as InfluxDB parses: measurement <c>,</c> and space; tag keys, tag values
/// and field keys <c>,</c> <c>=</c> and space; string field values <c>"</c> and <c>\</c>. Floats in shortest
/// round-trip form, integers with the <c>i</c> suffix, booleans as <c>true</c>/<c>false</c>, nanosecond
/// timestamps. The mapping of records to lines is described in <c>src/Sinks/README.md</c>. Allocation-free.
/// </summary>
/// <remarks>
/// What line protocol cannot carry is refused, with the buffer left as it was: a line feed in any name or
/// value, a name or tag value ending in a backslash or with a backslash before a character escaped in it, a
/// measurement starting with <c>#</c> (a comment line), an empty measurement or field name, a point whose
/// fields are all NaN or infinite. Tags with an empty key or value are left out (InfluxDB has no empty tags)
/// and so are NaN and infinite float fields (InfluxDB cannot store them).
/// </remarks>
public static class InfluxLineWriter
{
    /// <summary>The tag that carries the tenant on every line.</summary>
    public const string TenantTag = "tenant";

    /// <summary>The tag that names the aggregated field on aggregate lines.</summary>
    public const string FieldTag = "field";

    /// <summary>
    /// Appends the line of a raw point: its measurement, its tags (a tag named <c>tenant</c> is replaced)
    /// plus <c>tenant=<paramref name="tenant"/></c>, its fields as typed, its timestamp in ns.
    /// </summary>
    /// <returns>Null when written; otherwise why the point cannot be written (nothing was appended).</returns>
    public static string? TryWrite(LineBuffer output, MetricPoint point, string tenant)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(tenant);
        var start = output.Length;
        var error = WriteSeries(output, point.Measurement, point.Tags, tenant, null, null)
            ?? WriteFields(output, point.Fields);
        return Finish(output, start, error, point.TimestampNanos);
    }

    /// <summary>
    /// Appends the line of a window aggregate: measurement = the aggregate's measurement; tags = its tags plus
    /// <c>tenant</c> and <c>field=&lt;aggregated field&gt;</c>; fields <c>count</c> (integer), <c>sum</c>,
    /// <c>min</c>, <c>max</c>, <c>mean</c>, <c>last</c>, <c>p50</c>, <c>p95</c>, <c>p99</c> (floats; NaN ones
    /// left out); timestamp = the window start in ns.
    /// </summary>
    /// <returns>Null when written; otherwise why the aggregate cannot be written (nothing was appended).</returns>
    public static string? TryWrite(LineBuffer output, WindowAggregate aggregate, string tenant)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(aggregate);
        ArgumentNullException.ThrowIfNull(tenant);
        var start = output.Length;
        var error = WriteSeries(output, aggregate.Measurement, aggregate.Tags, tenant, FieldTag, aggregate.Field);
        if (error is null)
        {
            output.Append((byte)' ');
            output.Append("count="u8);
            output.AppendFormatted(aggregate.Count);
            output.Append((byte)'i');
            Float(output, ",sum="u8, aggregate.Sum);
            Float(output, ",min="u8, aggregate.Min);
            Float(output, ",max="u8, aggregate.Max);
            Float(output, ",mean="u8, aggregate.Mean);
            Float(output, ",last="u8, aggregate.Last);
            Float(output, ",p50="u8, aggregate.P50);
            Float(output, ",p95="u8, aggregate.P95);
            Float(output, ",p99="u8, aggregate.P99);
        }

        var nanos = (aggregate.WindowStart.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        return Finish(output, start, error, nanos);
    }

    private static string? WriteSeries(LineBuffer output, string measurement, List<Tag> tags, string tenant, string? extraKey, string? extraValue)
    {
        if (measurement.Length == 0)
        {
            return "empty measurement";
        }

        if (measurement[0] == '#')
        {
            return "a measurement starting with '#' reads as a comment line";
        }

        var error = LineEscaping.Append(output, measurement, LineEscaping.Measurement, "measurement");
        foreach (var tag in tags)
        {
            if (error is not null)
            {
                return error;
            }

            if (tag.Key.Length == 0 || tag.Value.Length == 0 || tag.Key == TenantTag || tag.Key == extraKey)
            {
                continue;
            }

            error = Tag(output, tag.Key, tag.Value);
        }

        if (error is null && extraKey is not null && !string.IsNullOrEmpty(extraValue))
        {
            error = Tag(output, extraKey, extraValue);
        }

        return error ?? (tenant.Length == 0 ? null : Tag(output, TenantTag, tenant));
    }

    private static string? Tag(LineBuffer output, string key, string value)
    {
        output.Append((byte)',');
        var error = LineEscaping.Append(output, key, LineEscaping.Key, "tag key");
        output.Append((byte)'=');
        return error ?? LineEscaping.Append(output, value, LineEscaping.Key, "tag value");
    }

    private static string? WriteFields(LineBuffer output, List<MetricField> fields)
    {
        var separator = (byte)' ';
        foreach (var field in fields)
        {
            var value = field.Value;
            if (value.Kind == FieldValueKind.Double && !double.IsFinite(value.AsDouble))
            {
                continue;
            }

            if (field.Name.Length == 0)
            {
                return "empty field name";
            }

            output.Append(separator);
            separator = (byte)',';
            var error = LineEscaping.Append(output, field.Name, LineEscaping.Key, "field name");
            if (error is not null)
            {
                return error;
            }

            output.Append((byte)'=');
            switch (value.Kind)
            {
                case FieldValueKind.Double:
                    output.AppendFormatted(value.AsDouble);
                    break;
                case FieldValueKind.Long:
                    output.AppendFormatted(value.AsLong);
                    output.Append((byte)'i');
                    break;
                case FieldValueKind.Boolean:
                    output.Append(value.AsBoolean ? "true"u8 : "false"u8);
                    break;
                default:
                    error = LineEscaping.AppendString(output, value.AsString ?? string.Empty);
                    if (error is not null)
                    {
                        return error;
                    }

                    break;
            }
        }

        return separator == (byte)' ' ? "no field with a value InfluxDB can store (NaN and infinite floats are left out)" : null;
    }

    private static void Float(LineBuffer output, ReadOnlySpan<byte> prefix, double value)
    {
        if (double.IsFinite(value))
        {
            output.Append(prefix);
            output.AppendFormatted(value);
        }
    }

    private static string? Finish(LineBuffer output, int start, string? error, long nanos)
    {
        if (error is not null)
        {
            output.Truncate(start);
            return error;
        }

        output.Append((byte)' ');
        output.AppendFormatted(nanos);
        output.Append((byte)'\n');
        return null;
    }
}
