using System.Text;

namespace MetricStream.Edge.Metrics;

/// <summary>A metric the registry can render.</summary>
internal interface IMetric
{
    void Render(StringBuilder text);
}
