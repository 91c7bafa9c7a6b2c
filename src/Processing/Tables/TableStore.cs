using System.Collections.Concurrent;
using MetricStream.Avro.Records;

namespace MetricStream.Processing.Tables;

/// <summary>
/// The latest record per join key of the table topics of a topology, shared by every task of an instance:
/// written by the table readers (or the test driver), read by join processors. Thread-safe; records stored
/// are private copies and never change after they are stored.
/// </summary>
public sealed class TableStore
{
    private readonly ConcurrentDictionary<(string Topic, string Key), MetricPoint> _rows = new();
    private readonly ConcurrentDictionary<(string Topic, string RecordKey), string[]> _byRecordKey = new();

    /// <summary>Rows currently held, over all tables.</summary>
    public int Count => _rows.Count;

    /// <summary>The join key of a point for the given tag names: its tenant and those tags' values, or null when a tag is missing.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="tags">The record's tags.</param>
    /// <param name="by">The key's tag names.</param>
    /// <returns>The key, or null.</returns>
    public static string? KeyOf(string tenant, IReadOnlyList<Tag> tags, IReadOnlyList<string> by)
    {
        var parts = new string[by.Count + 1];
        parts[0] = tenant;
        for (var i = 0; i < by.Count; i++)
        {
            string? value = null;
            foreach (var tag in tags)
            {
                if (string.Equals(tag.Key, by[i], StringComparison.Ordinal))
                {
                    value = tag.Value;
                    break;
                }
            }

            if (value is null)
            {
                return null;
            }

            parts[i + 1] = value;
        }

        return string.Join('\u001f', parts);
    }

    /// <summary>
    /// Applies one table record: stores a copy of <paramref name="row"/> under its join key for every tag list
    /// in <paramref name="keyTags"/> (rows missing a tag are not stored for that list), replacing what the same
    /// record key stored before; a null row (a tombstone) deletes what <paramref name="recordKey"/> stored.
    /// Called by one writer per topic.
    /// </summary>
    /// <param name="topic">The table topic.</param>
    /// <param name="recordKey">The Kafka record key (UTF-8), or null when the record has none.</param>
    /// <param name="row">The row, or null for a tombstone.</param>
    /// <param name="keyTags">The distinct <c>by</c> lists of the joins reading the topic.</param>
    public void Apply(string topic, string? recordKey, MetricPoint? row, IReadOnlyList<IReadOnlyList<string>> keyTags)
    {
        ArgumentNullException.ThrowIfNull(keyTags);
        if (recordKey is not null && _byRecordKey.TryRemove((topic, recordKey), out var previous))
        {
            foreach (var key in previous)
            {
                _rows.TryRemove((topic, key), out _);
            }
        }

        if (row is null)
        {
            return;
        }

        var copy = new MetricPoint();
        copy.CopyFrom(row);
        var keys = keyTags.Select(by => KeyOf(row.Tenant, row.Tags, by)).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        foreach (var key in keys)
        {
            _rows[(topic, key)] = copy;
        }

        if (recordKey is not null)
        {
            _byRecordKey[(topic, recordKey)] = keys;
        }
    }

    /// <summary>Looks a row up.</summary>
    /// <param name="topic">The table topic.</param>
    /// <param name="key">The join key.</param>
    /// <param name="row">The row when found.</param>
    /// <returns>Whether a row was found.</returns>
    public bool TryGet(string topic, string key, out MetricPoint row) => _rows.TryGetValue((topic, key), out row!);
}
