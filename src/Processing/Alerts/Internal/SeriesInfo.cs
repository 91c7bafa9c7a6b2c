using MetricStream.Avro.Records;

namespace MetricStream.Processing.Alerts.Internal;

/// <summary>
/// What events and templates need to know about a series, copied out of a window aggregate (the engine
/// reuses aggregate objects after a processor returns).
/// </summary>
internal sealed class SeriesInfo(string seriesKey, string tenant, string measurement, string field, Tag[] tags)
{
    public string SeriesKey { get; } = seriesKey;

    public string Tenant { get; } = tenant;

    public string Measurement { get; } = measurement;

    public string Field { get; } = field;

    public IReadOnlyList<Tag> Tags { get; } = tags;

    public static SeriesInfo Of(WindowAggregate aggregate, string seriesKey) =>
        new(seriesKey, aggregate.Tenant, aggregate.Measurement, aggregate.Field, [.. aggregate.Tags]);

    public static SeriesInfo Read(BinaryReader reader)
    {
        var key = reader.ReadString();
        var tenant = reader.ReadString();
        var measurement = reader.ReadString();
        var field = reader.ReadString();
        var tags = new Tag[reader.ReadInt32()];
        for (var i = 0; i < tags.Length; i++)
        {
            tags[i] = new Tag(reader.ReadString(), reader.ReadString());
        }

        return new SeriesInfo(key, tenant, measurement, field, tags);
    }

    public string? Tag(string key)
    {
        foreach (var tag in Tags)
        {
            if (string.Equals(tag.Key, key, StringComparison.Ordinal))
            {
                return tag.Value;
            }
        }

        return null;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(SeriesKey);
        writer.Write(Tenant);
        writer.Write(Measurement);
        writer.Write(Field);
        writer.Write(Tags.Count);
        foreach (var tag in Tags)
        {
            writer.Write(tag.Key);
            writer.Write(tag.Value);
        }
    }
}
