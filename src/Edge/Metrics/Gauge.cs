using System.Text;

namespace MetricStream.Edge.Metrics;

/// <summary>A value read at scrape time.</summary>
internal sealed class Gauge(string name, string help, Func<double> read) : IMetric
{
    public void Render(StringBuilder text)
    {
        MetricsRegistry.Header(text, name, help, "gauge");
        text.Append(name).Append(' ').Append(MetricsRegistry.Format(read())).Append('\n');
    }
}
