namespace MetricStream.Avro.Records;

/// <summary>
/// One point of one series (<c>metric-point.avsc</c>), designed for reuse: <see cref="Clear"/> it and
/// fill it again, and the tag and field lists keep their capacity, so encoding and decoding a stream of
/// points allocates nothing in steady state. Not thread-safe.
/// </summary>
public sealed class MetricPoint
{
    /// <summary>Tenant id, from the API key.</summary>
    public string Tenant { get; set; } = string.Empty;

    /// <summary>Measurement name, e.g. <c>cpu</c>.</summary>
    public string Measurement { get; set; } = string.Empty;

    /// <summary>
    /// Series tags. Writers sort them by key in code point order (<see cref="TagKeyComparer"/>) in place
    /// when they are not already sorted; decoded tags are in the order written.
    /// </summary>
    public List<Tag> Tags { get; } = new(8);

    /// <summary>Field values, written in list order (a map on the wire; names should be unique).</summary>
    public List<MetricField> Fields { get; } = new(4);

    /// <summary>Event time in nanoseconds since the Unix epoch, UTC.</summary>
    public long TimestampNanos { get; set; }

    /// <summary>Event time as a <see cref="DateTimeOffset"/> (100 ns resolution; setting it drops nothing, reading it truncates to 100 ns).</summary>
    public DateTimeOffset Timestamp
    {
        get => DateTimeOffset.UnixEpoch.AddTicks(Math.DivRem(TimestampNanos, 100, out var r) - (r < 0 ? 1 : 0));
        set => TimestampNanos = (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
    }

    /// <summary>The InfluxDB database or bucket the agent wrote to, or null.</summary>
    public string? Bucket { get; set; }

    /// <summary>Optional trace id (the edge request id), or null.</summary>
    public string? Id { get; set; }

    /// <summary>Adds a tag.</summary>
    /// <param name="key">Tag key.</param>
    /// <param name="value">Tag value.</param>
    /// <returns>This point, for chaining.</returns>
    public MetricPoint AddTag(string key, string value)
    {
        Tags.Add(new Tag(key, value));
        return this;
    }

    /// <summary>Adds a field.</summary>
    /// <param name="name">Field name.</param>
    /// <param name="value">Field value.</param>
    /// <returns>This point, for chaining.</returns>
    public MetricPoint AddField(string name, FieldValue value)
    {
        Fields.Add(new MetricField(name, value));
        return this;
    }

    /// <summary>Resets every property to empty (lists keep their capacity).</summary>
    public void Clear()
    {
        Tenant = string.Empty;
        Measurement = string.Empty;
        Tags.Clear();
        Fields.Clear();
        TimestampNanos = 0;
        Bucket = null;
        Id = null;
    }

    /// <summary>Copies every property of <paramref name="source"/> into this point.</summary>
    /// <param name="source">The point to copy.</param>
    public void CopyFrom(MetricPoint source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Tenant = source.Tenant;
        Measurement = source.Measurement;
        Tags.Clear();
        Tags.AddRange(source.Tags);
        Fields.Clear();
        Fields.AddRange(source.Fields);
        TimestampNanos = source.TimestampNanos;
        Bucket = source.Bucket;
        Id = source.Id;
    }
}
