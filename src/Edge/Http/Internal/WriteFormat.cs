namespace MetricStream.Edge.Http.Internal;

/// <summary>The write endpoints and what they parse.</summary>
internal enum WriteFormat
{
    /// <summary><c>POST /api/v2/write</c>: line protocol, InfluxDB 2.x parameters.</summary>
    InfluxV2,

    /// <summary><c>POST /write</c>: line protocol, InfluxDB 1.x parameters and credentials.</summary>
    InfluxV1,

    /// <summary><c>POST /api/v1/write</c>: Prometheus remote_write 1.0.</summary>
    RemoteWrite,

    /// <summary><c>POST /api/v1/metrics</c>: the JSON batch.</summary>
    Json,
}
