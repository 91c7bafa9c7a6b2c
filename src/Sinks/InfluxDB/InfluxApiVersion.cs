namespace MetricStream.Sinks.InfluxDB;

/// <summary>Which InfluxDB write API the sink speaks.</summary>
public enum InfluxApiVersion
{
    /// <summary>InfluxDB 1.x: <c>POST /write?db=&amp;rp=&amp;precision=ns</c>; databases and retention policies are provisioned on start.</summary>
    V1,

    /// <summary>InfluxDB 2.x/3.x (and 1.8+): <c>POST /api/v2/write?org=&amp;bucket=&amp;precision=ns</c> with <c>Authorization: Token</c>; buckets must exist.</summary>
    V2,
}
