namespace MetricStream.Observability.Otlp;

/// <summary>Where and how often <see cref="OtlpMetricsExport"/> sends the metrics.</summary>
public sealed record OtlpExportOptions
{
    /// <summary>
    /// The collector: for <c>http/protobuf</c> the base URL (e.g. <c>http://collector:4318</c>; <c>/v1/metrics</c> is
    /// added when the path is empty) or the full metrics URL; for <c>grpc</c> e.g. <c>http://collector:4317</c>.
    /// </summary>
    public required Uri Endpoint { get; init; }

    /// <summary><c>http/protobuf</c> (default) or <c>grpc</c>.</summary>
    public string Protocol { get; init; } = "http/protobuf";

    /// <summary>How often the metrics are read and sent. Default 15 s.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The <c>service.name</c> resource attribute, e.g. <c>metricstream-edge</c>.</summary>
    public string ServiceName { get; init; } = "metricstream";
}
