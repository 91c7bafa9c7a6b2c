using MetricStream.Avro.Records;

namespace MetricStream.Processing.Topology;

/// <summary>
/// What a map processor does to each point, applied in this order: rename the measurement, drop tags,
/// add (or overwrite) tags, keep only some fields, drop fields. Event time, tenant, bucket and id are
/// kept. A point left without fields is not forwarded. Immutable; build it with the <c>With...</c> methods.
/// </summary>
public sealed class PointMapping
{
    /// <summary>The mapping that changes nothing.</summary>
    public static readonly PointMapping Identity = new(null, new SortedDictionary<string, string>(StringComparer.Ordinal), [], [], []);

    private PointMapping(string? measurement, SortedDictionary<string, string> addTags, IReadOnlyList<string> dropTags, IReadOnlyList<string> keepFields, IReadOnlyList<string> dropFields)
    {
        Measurement = measurement;
        AddTags = addTags;
        DropTags = dropTags;
        KeepFields = keepFields;
        DropFields = dropFields;
    }

    /// <summary>New measurement name, or null to keep it.</summary>
    public string? Measurement { get; }

    /// <summary>Tags to add or overwrite, sorted by key.</summary>
    public IReadOnlyDictionary<string, string> AddTags { get; }

    /// <summary>Tag keys to remove.</summary>
    public IReadOnlyList<string> DropTags { get; }

    /// <summary>Field names to keep (others are removed); empty: keep all.</summary>
    public IReadOnlyList<string> KeepFields { get; }

    /// <summary>Field names to remove.</summary>
    public IReadOnlyList<string> DropFields { get; }

    /// <summary>Renames the measurement.</summary>
    /// <param name="measurement">The new name.</param>
    /// <returns>A new mapping.</returns>
    public PointMapping WithMeasurement(string measurement) => new(measurement, Copy(), DropTags, KeepFields, DropFields);

    /// <summary>Adds or overwrites a tag.</summary>
    /// <param name="key">Tag key.</param>
    /// <param name="value">Tag value.</param>
    /// <returns>A new mapping.</returns>
    public PointMapping WithAddedTag(string key, string value)
    {
        var tags = Copy();
        tags[key] = value;
        return new(Measurement, tags, DropTags, KeepFields, DropFields);
    }

    /// <summary>Removes tags.</summary>
    /// <param name="keys">Tag keys.</param>
    /// <returns>A new mapping.</returns>
    public PointMapping WithDroppedTags(params string[] keys) => new(Measurement, Copy(), [.. DropTags, .. keys], KeepFields, DropFields);

    /// <summary>Keeps only the given fields.</summary>
    /// <param name="fields">Field names.</param>
    /// <returns>A new mapping.</returns>
    public PointMapping WithKeptFields(params string[] fields) => new(Measurement, Copy(), DropTags, [.. KeepFields, .. fields], DropFields);

    /// <summary>Removes fields.</summary>
    /// <param name="fields">Field names.</param>
    /// <returns>A new mapping.</returns>
    public PointMapping WithDroppedFields(params string[] fields) => new(Measurement, Copy(), DropTags, KeepFields, [.. DropFields, .. fields]);

    /// <summary>Applies the mapping to a copy of <paramref name="point"/>.</summary>
    /// <param name="point">The input (not changed).</param>
    /// <returns>The mapped point, or null when no field is left.</returns>
    public MetricPoint? Apply(MetricPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var result = new MetricPoint();
        result.CopyFrom(point);
        if (Measurement is not null)
        {
            result.Measurement = Measurement;
        }

        result.Tags.RemoveAll(t => DropTags.Contains(t.Key, StringComparer.Ordinal) || AddTags.ContainsKey(t.Key));
        foreach (var tag in AddTags)
        {
            result.Tags.Add(new Tag(tag.Key, tag.Value));
        }

        if (KeepFields.Count > 0)
        {
            result.Fields.RemoveAll(f => !KeepFields.Contains(f.Name, StringComparer.Ordinal));
        }

        result.Fields.RemoveAll(f => DropFields.Contains(f.Name, StringComparer.Ordinal));
        return result.Fields.Count == 0 ? null : result;
    }

    /// <summary>e.g. <c>measurement := cpu2, drop tags [dc], add tags {env=prod}</c>, or <c>identity</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Measurement is not null)
        {
            parts.Add($"measurement := {Measurement}");
        }

        if (DropTags.Count > 0)
        {
            parts.Add($"drop tags [{string.Join(", ", DropTags)}]");
        }

        if (AddTags.Count > 0)
        {
            parts.Add($"add tags {{{string.Join(", ", AddTags.Select(t => $"{t.Key}={t.Value}"))}}}");
        }

        if (KeepFields.Count > 0)
        {
            parts.Add($"keep fields [{string.Join(", ", KeepFields)}]");
        }

        if (DropFields.Count > 0)
        {
            parts.Add($"drop fields [{string.Join(", ", DropFields)}]");
        }

        return parts.Count == 0 ? "identity" : string.Join(", ", parts);
    }

    private SortedDictionary<string, string> Copy() => new((IDictionary<string, string>)AddTags, StringComparer.Ordinal);
}
