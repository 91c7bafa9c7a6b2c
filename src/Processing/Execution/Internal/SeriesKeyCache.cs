using System.Runtime.CompilerServices;
using MetricStream.Avro.Records;
using MetricStream.Processing.Aggregation;

namespace MetricStream.Processing.Execution.Internal;

/// <summary>
/// Remembers the series keys of recently seen points, so a series' key is built once instead of for every point.
/// Decoded strings come from a string pool, so the points of one series carry the same string instances: a slot
/// matches only when tenant, measurement and every tag key and value are the very same instances as when the key
/// was built, which makes a hit always right (strings are immutable) and the check a few pointer compares. A miss
/// (other instances with equal text, a collision) builds the key as before and takes the slot. Direct-mapped with
/// a fixed number of slots: bounded memory whatever the number of series. Not thread-safe (one per task).
/// </summary>
internal sealed class SeriesKeyCache
{
    private const int Slots = 1 << 14;
    private readonly Entry?[] _entries = new Entry?[Slots];

    /// <summary>How many lookups found their key (a test and benchmark figure).</summary>
    public long Hits { get; private set; }

    /// <summary>How many lookups built their key.</summary>
    public long Misses { get; private set; }

    /// <summary>The key of <paramref name="point"/>'s series, equal to <see cref="SeriesKey.Of(MetricPoint)"/>.</summary>
    public string Of(MetricPoint point)
    {
        var tags = point.Tags;
        var hash = HashCode.Combine(RuntimeHelpers.GetHashCode(point.Tenant), RuntimeHelpers.GetHashCode(point.Measurement), tags.Count);
        for (var i = 0; i < tags.Count; i++)
        {
            hash = HashCode.Combine(hash, RuntimeHelpers.GetHashCode(tags[i].Key), RuntimeHelpers.GetHashCode(tags[i].Value));
        }

        var slot = hash & (Slots - 1);
        if (_entries[slot] is { } entry && entry.Matches(point))
        {
            Hits++;
            return entry.Key;
        }

        Misses++;
        var key = SeriesKey.Of(point);
        _entries[slot] = new Entry(point.Tenant, point.Measurement, [.. tags], key);
        return key;
    }

    private sealed class Entry(string tenant, string measurement, Tag[] tags, string key)
    {
        public string Key { get; } = key;

        public bool Matches(MetricPoint point)
        {
            var other = point.Tags;
            if (!ReferenceEquals(tenant, point.Tenant) || !ReferenceEquals(measurement, point.Measurement) || other.Count != tags.Length)
            {
                return false;
            }

            for (var i = 0; i < tags.Length; i++)
            {
                if (!ReferenceEquals(tags[i].Key, other[i].Key) || !ReferenceEquals(tags[i].Value, other[i].Value))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
