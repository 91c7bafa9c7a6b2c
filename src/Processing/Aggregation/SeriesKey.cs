using System.Buffers;
using MetricStream.Avro.Records;

namespace MetricStream.Processing.Aggregation;

/// <summary>
/// The key that identifies a series: tenant, measurement and tags sorted by key (code point order), as
/// <c>tenant/measurement,k1=v1,k2=v2</c> with <c>\</c>, <c>/</c>, <c>,</c> and <c>=</c> escaped by a backslash.
/// Window aggregation groups by this key and every record the engine emits carries it as its key.
/// </summary>
public static class SeriesKey
{
    private static readonly SearchValues<char> Escaped = SearchValues.Create("\\/,=");

    /// <summary>Builds the key of a series (tags in any order).</summary>
    /// <param name="tenant">Tenant id.</param>
    /// <param name="measurement">Measurement name.</param>
    /// <param name="tags">Tags, in any order.</param>
    /// <returns>The key.</returns>
    public static string Of(string tenant, string measurement, IReadOnlyList<Tag> tags)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(measurement);
        ArgumentNullException.ThrowIfNull(tags);

        // Called for every point: size the key exactly, then copy (escaping only when a part needs it) into
        // one string, without a StringBuilder or per-character appends.
        var sorted = Sorted(tags);
        var length = EscapedLength(tenant) + 1 + EscapedLength(measurement);
        for (var i = 0; i < sorted.Count; i++)
        {
            length += 2 + EscapedLength(sorted[i].Key) + EscapedLength(sorted[i].Value);
        }

        return string.Create(length, (tenant, measurement, sorted), static (span, state) =>
        {
            var at = Copy(span, 0, state.tenant);
            span[at++] = '/';
            at = Copy(span, at, state.measurement);
            for (var i = 0; i < state.sorted.Count; i++)
            {
                span[at++] = ',';
                at = Copy(span, at, state.sorted[i].Key);
                span[at++] = '=';
                at = Copy(span, at, state.sorted[i].Value);
            }
        });
    }

    /// <summary>The key of a point's series.</summary>
    /// <param name="point">The point.</param>
    /// <returns>The key.</returns>
    public static string Of(MetricPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return Of(point.Tenant, point.Measurement, point.Tags);
    }

    /// <summary>The key of an aggregate's series (the field is not part of it).</summary>
    /// <param name="aggregate">The aggregate.</param>
    /// <returns>The key.</returns>
    public static string Of(WindowAggregate aggregate)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        return Of(aggregate.Tenant, aggregate.Measurement, aggregate.Tags);
    }

    /// <summary>Tags sorted by key in code point order (a copy when they are not sorted already).</summary>
    internal static IReadOnlyList<Tag> Sorted(IReadOnlyList<Tag> tags)
    {
        for (var i = 1; i < tags.Count; i++)
        {
            if (string.CompareOrdinal(tags[i - 1].Key, tags[i].Key) > 0)
            {
                var copy = tags.ToArray();
                Array.Sort(copy, (a, b) => string.CompareOrdinal(a.Key, b.Key));
                return copy;
            }
        }

        return tags;
    }

    private static int EscapedLength(string value)
    {
        var span = value.AsSpan();
        var first = span.IndexOfAny(Escaped);
        if (first < 0)
        {
            return value.Length;
        }

        var length = value.Length;
        foreach (var c in span[first..])
        {
            if (Escaped.Contains(c))
            {
                length++;
            }
        }

        return length;
    }

    private static int Copy(Span<char> destination, int at, string value)
    {
        var source = value.AsSpan();
        while (true)
        {
            var next = source.IndexOfAny(Escaped);
            if (next < 0)
            {
                source.CopyTo(destination[at..]);
                return at + source.Length;
            }

            source[..next].CopyTo(destination[at..]);
            at += next;
            destination[at++] = '\\';
            destination[at++] = source[next];
            source = source[(next + 1)..];
        }
    }
}
