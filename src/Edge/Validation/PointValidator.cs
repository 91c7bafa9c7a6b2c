using System.Globalization;
using System.Text;
using MetricStream.Avro.Records;

namespace MetricStream.Edge.Validation;

/// <summary>
/// Checks a parsed point against <see cref="IngestLimits"/> and the naming rules every format shares:
/// <list type="bullet">
/// <item>measurement, tag keys and field keys are non-empty, at most <see cref="IngestLimits.MaxNameBytes"/>
/// UTF-8 bytes and contain no control characters (U+0000 to U+001F, U+007F);</item>
/// <item>tag and field keys are not <c>time</c> (InfluxDB reserves it and would refuse the point);</item>
/// <item>tag values are non-empty, at most <see cref="IngestLimits.MaxTagValueBytes"/> bytes, without control characters;</item>
/// <item>no two tags share a key; at most <see cref="IngestLimits.MaxTagsPerPoint"/> tags and between 1 and
/// <see cref="IngestLimits.MaxFieldsPerPoint"/> fields; string fields at most <see cref="IngestLimits.MaxStringFieldBytes"/>;</item>
/// <item>the timestamp lies within [now - <see cref="IngestLimits.MaxTimestampAge"/>, now + <see cref="IngestLimits.MaxTimestampAhead"/>].</item>
/// </list>
/// Validation also sorts the point's tags by key (<see cref="TagKeyComparer"/>), the order the series key and
/// the Avro encoding need. Thread-safe (holds no mutable state).
/// </summary>
public sealed class PointValidator
{
    private readonly IngestLimits _limits;
    private readonly long _maxAgeNanos;
    private readonly long _maxAheadNanos;

    /// <summary>Creates a validator for <paramref name="limits"/>.</summary>
    /// <param name="limits">The limits to enforce.</param>
    public PointValidator(IngestLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();
        _limits = limits;
        _maxAgeNanos = ToNanos(limits.MaxTimestampAge);
        _maxAheadNanos = ToNanos(limits.MaxTimestampAhead);
    }

    /// <summary>The limits enforced.</summary>
    public IngestLimits Limits => _limits;

    /// <summary>Validates <paramref name="point"/> (sorting its tags); returns null when it is valid, else the reason.</summary>
    /// <param name="point">The point.</param>
    /// <param name="nowNanos">The request's arrival time in nanoseconds since the Unix epoch.</param>
    /// <returns>Null, or why the point is rejected.</returns>
    public string? Validate(MetricPoint point, long nowNanos)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (CheckName(point.Measurement, "measurement") is { } bad)
        {
            return bad;
        }

        var tags = point.Tags;
        if (tags.Count > _limits.MaxTagsPerPoint)
        {
            return Invariant($"{tags.Count} tags, more than the limit of {_limits.MaxTagsPerPoint}");
        }

        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i];
            if (CheckKey(tag.Key, "tag key") is { } badKey)
            {
                return badKey;
            }

            if (tag.Value.Length == 0)
            {
                return $"tag '{Excerpt(tag.Key)}' has an empty value";
            }

            if (TooLong(tag.Value, _limits.MaxTagValueBytes))
            {
                return Invariant($"value of tag '{Excerpt(tag.Key)}' is longer than {_limits.MaxTagValueBytes} bytes");
            }

            if (HasControl(tag.Value))
            {
                return $"value of tag '{Excerpt(tag.Key)}' contains a control character";
            }
        }

        if (tags.Count > 1)
        {
            SortTags(tags);
            for (var i = 1; i < tags.Count; i++)
            {
                if (string.Equals(tags[i - 1].Key, tags[i].Key, StringComparison.Ordinal))
                {
                    return $"duplicate tag key '{Excerpt(tags[i].Key)}'";
                }
            }
        }

        var fields = point.Fields;
        if (fields.Count == 0)
        {
            return "no fields";
        }

        if (fields.Count > _limits.MaxFieldsPerPoint)
        {
            return Invariant($"{fields.Count} fields, more than the limit of {_limits.MaxFieldsPerPoint}");
        }

        foreach (var field in fields)
        {
            if (CheckKey(field.Name, "field key") is { } badField)
            {
                return badField;
            }

            if (field.Value.Kind == FieldValueKind.String && TooLong(field.Value.AsString!, _limits.MaxStringFieldBytes))
            {
                return Invariant($"string value of field '{Excerpt(field.Name)}' is longer than {_limits.MaxStringFieldBytes} bytes");
            }
        }

        var ts = point.TimestampNanos;
        if (ts < SaturatingAdd(nowNanos, -_maxAgeNanos))
        {
            return Invariant($"timestamp {ts} is more than {_limits.MaxTimestampAge} before now");
        }

        if (ts > SaturatingAdd(nowNanos, _maxAheadNanos))
        {
            return Invariant($"timestamp {ts} is more than {_limits.MaxTimestampAhead} after now");
        }

        return null;
    }

    /// <summary>Shortens <paramref name="text"/> to at most 64 characters for error messages.</summary>
    /// <param name="text">Any text from the request.</param>
    /// <returns>The text, or its first 64 characters followed by an ellipsis.</returns>
    public static string Excerpt(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "...");
    }

    private static void SortTags(List<Tag> tags)
    {
        if (tags.Count > 16)
        {
            tags.Sort(TagKeyComparer.Instance);
            return;
        }

        // Few tags, usually sorted already: an insertion sort is cheapest and allocates nothing.
        for (var i = 1; i < tags.Count; i++)
        {
            var tag = tags[i];
            var j = i - 1;
            while (j >= 0 && TagKeyComparer.Instance.Compare(tags[j].Key, tag.Key) > 0)
            {
                tags[j + 1] = tags[j];
                j--;
            }

            tags[j + 1] = tag;
        }
    }

    private string? CheckKey(string key, string what)
    {
        if (CheckName(key, what) is { } bad)
        {
            return bad;
        }

        return key == "time" ? $"{what} 'time' is reserved" : null;
    }

    private string? CheckName(string name, string what)
    {
        if (name.Length == 0)
        {
            return $"empty {what}";
        }

        if (TooLong(name, _limits.MaxNameBytes))
        {
            return Invariant($"{what} '{Excerpt(name)}' is longer than {_limits.MaxNameBytes} bytes");
        }

        return HasControl(name) ? $"{what} '{Excerpt(name)}' contains a control character" : null;
    }

    private static bool TooLong(string text, int maxBytes) =>
        text.Length > maxBytes || (text.Length * 3 > maxBytes && Encoding.UTF8.GetByteCount(text) > maxBytes);

    private static bool HasControl(string text) =>
        text.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') >= 0 || text.Contains('\u007f', StringComparison.Ordinal);

    private static long SaturatingAdd(long a, long b)
    {
        var sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? (b < 0 ? long.MinValue : long.MaxValue) : sum;
    }

    private static long ToNanos(TimeSpan span) =>
        span.Ticks > long.MaxValue / 100 ? long.MaxValue : span.Ticks * 100;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
