namespace MetricStream.Observability.Metrics.Internal;

/// <summary>Families written by a callback at scrape time, from a snapshot of some component's figures.</summary>
internal sealed class Collector(Action<MetricsWriter> collect) : IMetric
{
    public void Write(MetricsWriter writer) => collect(writer);
}
