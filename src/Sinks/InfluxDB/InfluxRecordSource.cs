namespace MetricStream.Sinks.InfluxDB;

/// <summary>Where a record written to the sink came from, carried into its dead letter if InfluxDB rejects it.</summary>
/// <param name="Topic">The source topic, or null when unknown.</param>
/// <param name="Partition">The source partition, -1 when unknown.</param>
/// <param name="Offset">The source offset, -1 when unknown.</param>
public readonly record struct InfluxRecordSource(string? Topic, int Partition, long Offset)
{
    /// <summary>An unknown source.</summary>
    public static InfluxRecordSource Unknown => new(null, -1, -1);
}
