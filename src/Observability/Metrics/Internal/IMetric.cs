namespace MetricStream.Observability.Metrics.Internal;

/// <summary>A metric family the registry writes at each scrape.</summary>
internal interface IMetric
{
    void Write(MetricsWriter writer);
}
