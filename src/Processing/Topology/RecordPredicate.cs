using MetricStream.Avro.Records;

namespace MetricStream.Processing.Topology;

/// <summary>
/// A declarative condition on a record, used by filter and branch processors. Each condition names a
/// field of the stream's Avro schema; a record matches when every condition set holds (an empty
/// predicate matches everything):
/// <list type="bullet">
/// <item><c>tenant</c>: the tenant is one of the given values;</item>
/// <item><c>measurement</c>: the measurement is one of the given values;</item>
/// <item><c>tags</c>: the series has every given tag with the given value;</item>
/// <item><c>fields</c> (points only): the point has at least one of the given field names;</item>
/// <item><c>field</c> (aggregates only): the aggregated field is one of the given names.</item>
/// </list>
/// Immutable; build it with the <c>With...</c> methods.
/// </summary>
public sealed class RecordPredicate
{
    /// <summary>The predicate that matches every record.</summary>
    public static readonly RecordPredicate Any = new([], [], new SortedDictionary<string, string>(StringComparer.Ordinal), [], []);

    private RecordPredicate(
        IReadOnlyList<string> tenants,
        IReadOnlyList<string> measurements,
        SortedDictionary<string, string> tags,
        IReadOnlyList<string> fields,
        IReadOnlyList<string> aggregateFields)
    {
        Tenants = tenants;
        Measurements = measurements;
        Tags = tags;
        Fields = fields;
        AggregateFields = aggregateFields;
    }

    /// <summary>Accepted tenants; empty: any.</summary>
    public IReadOnlyList<string> Tenants { get; }

    /// <summary>Accepted measurements; empty: any.</summary>
    public IReadOnlyList<string> Measurements { get; }

    /// <summary>Required tags (key to value), sorted by key.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; }

    /// <summary>Point field names of which at least one must be present (schema field <c>fields</c>); empty: no condition.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>Accepted aggregated field names (schema field <c>field</c> of aggregates); empty: no condition.</summary>
    public IReadOnlyList<string> AggregateFields { get; }

    /// <summary>The schema fields this predicate tests, e.g. <c>measurement</c>, <c>tags</c>.</summary>
    public IEnumerable<string> SchemaFields
    {
        get
        {
            if (Tenants.Count > 0)
            {
                yield return "tenant";
            }

            if (Measurements.Count > 0)
            {
                yield return "measurement";
            }

            if (Tags.Count > 0)
            {
                yield return "tags";
            }

            if (Fields.Count > 0)
            {
                yield return "fields";
            }

            if (AggregateFields.Count > 0)
            {
                yield return "field";
            }
        }
    }

    /// <summary>Adds accepted tenants.</summary>
    /// <param name="tenants">Tenant ids.</param>
    /// <returns>A new predicate.</returns>
    public RecordPredicate WithTenant(params string[] tenants) =>
        new([.. Tenants, .. tenants], Measurements, Tagged(), Fields, AggregateFields);

    /// <summary>Adds accepted measurements.</summary>
    /// <param name="measurements">Measurement names.</param>
    /// <returns>A new predicate.</returns>
    public RecordPredicate WithMeasurement(params string[] measurements) =>
        new(Tenants, [.. Measurements, .. measurements], Tagged(), Fields, AggregateFields);

    /// <summary>Adds a required tag.</summary>
    /// <param name="key">Tag key.</param>
    /// <param name="value">Required value.</param>
    /// <returns>A new predicate.</returns>
    public RecordPredicate WithTag(string key, string value)
    {
        var tags = Tagged();
        tags[key] = value;
        return new(Tenants, Measurements, tags, Fields, AggregateFields);
    }

    /// <summary>Adds point field names, at least one of which must be present.</summary>
    /// <param name="fields">Field names.</param>
    /// <returns>A new predicate.</returns>
    public RecordPredicate WithAnyField(params string[] fields) =>
        new(Tenants, Measurements, Tagged(), [.. Fields, .. fields], AggregateFields);

    /// <summary>Adds accepted aggregated field names (for window-aggregate streams).</summary>
    /// <param name="fields">Field names.</param>
    /// <returns>A new predicate.</returns>
    public RecordPredicate WithAggregateField(params string[] fields) =>
        new(Tenants, Measurements, Tagged(), Fields, [.. AggregateFields, .. fields]);

    /// <summary>Whether a point matches (the <c>field</c> condition of aggregates is ignored).</summary>
    /// <param name="point">The point.</param>
    /// <returns>True when every condition holds.</returns>
    public bool Matches(MetricPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return Common(point.Tenant, point.Measurement, point.Tags)
            && (Fields.Count == 0 || point.Fields.Exists(f => Fields.Contains(f.Name, StringComparer.Ordinal)));
    }

    /// <summary>Whether an aggregate matches (the <c>fields</c> condition of points is ignored).</summary>
    /// <param name="aggregate">The aggregate.</param>
    /// <returns>True when every condition holds.</returns>
    public bool Matches(WindowAggregate aggregate)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        return Common(aggregate.Tenant, aggregate.Measurement, aggregate.Tags)
            && (AggregateFields.Count == 0 || AggregateFields.Contains(aggregate.Field, StringComparer.Ordinal));
    }

    /// <summary>e.g. <c>measurement in [cpu] and tags.env = prod</c>, or <c>true</c> when empty; the form used by descriptions.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Tenants.Count > 0)
        {
            parts.Add($"tenant in [{string.Join(", ", Tenants)}]");
        }

        if (Measurements.Count > 0)
        {
            parts.Add($"measurement in [{string.Join(", ", Measurements)}]");
        }

        parts.AddRange(Tags.Select(t => $"tags.{t.Key} = {t.Value}"));
        if (Fields.Count > 0)
        {
            parts.Add($"fields has any of [{string.Join(", ", Fields)}]");
        }

        if (AggregateFields.Count > 0)
        {
            parts.Add($"field in [{string.Join(", ", AggregateFields)}]");
        }

        return parts.Count == 0 ? "true" : string.Join(" and ", parts);
    }

    private bool Common(string tenant, string measurement, List<Tag> tags)
    {
        if (Tenants.Count > 0 && !Tenants.Contains(tenant, StringComparer.Ordinal))
        {
            return false;
        }

        if (Measurements.Count > 0 && !Measurements.Contains(measurement, StringComparer.Ordinal))
        {
            return false;
        }

        foreach (var required in Tags)
        {
            if (!tags.Exists(t => string.Equals(t.Key, required.Key, StringComparison.Ordinal) && string.Equals(t.Value, required.Value, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    private SortedDictionary<string, string> Tagged() => new((IDictionary<string, string>)Tags, StringComparer.Ordinal);
}
