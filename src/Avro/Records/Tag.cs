namespace MetricStream.Avro.Records;

/// <summary>A series tag (InfluxDB tag, Prometheus label).</summary>
/// <param name="Key">The tag key.</param>
/// <param name="Value">The tag value.</param>
public readonly record struct Tag(string Key, string Value);

/// <summary>A named field value of a point.</summary>
/// <param name="Name">The field name.</param>
/// <param name="Value">The value.</param>
public readonly record struct MetricField(string Name, FieldValue Value);
