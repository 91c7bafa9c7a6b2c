using System.Text;
using MetricStream.Avro.Records;

namespace MetricStream.Processing.Aggregation;

/// <summary>
/// The key that identifies a series: tenant, measurement and tags sorted by key (code point order), as
/// <c>tenant/measurement,k1=v1,k2=v2</c> with <c>\</c>, <c>/</c>, <c>,</c> and <c>=</c> escaped by a backslash.
/// Window aggregation groups by this key and every record the engine emits carries it as its key.
/// </summary>
public static class SeriesKey
{
    /// <summary>Builds the key of a series (tags in any order).</summary>
    /// <param name="tenant">Tenant id.</param>
    /// <param name="measurement">Measurement name.</param>
    /// <param name="tags">Tags, in any order.</param>
    /// <returns>The key.</returns>
    public static string Of(string tenant, string measurement, IReadOnlyList<Tag> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var text = new StringBuilder(64);
        Append(text, tenant);
        text.Append('/');
        Append(text, measurement);
        foreach (var tag in Sorted(tags))
        {
            text.Append(',');
            Append(text, tag.Key);
            text.Append('=');
            Append(text, tag.Value);
        }

        return text.ToString();
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

    private static void Append(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            if (c is '\\' or '/' or ',' or '=')
            {
                text.Append('\\');
            }

            text.Append(c);
        }
    }
}
