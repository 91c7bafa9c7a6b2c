namespace MetricStream.Observability.Metrics.Internal;

/// <summary>A gauge without labels whose value is read at scrape time.</summary>
internal sealed class CallbackGauge(string name, string help, Func<double> read) : IMetric
{
    public void Write(MetricsWriter writer)
    {
        if (writer.Family(name, help, MetricType.Gauge))
        {
            writer.Sample(read());
        }
    }
}
