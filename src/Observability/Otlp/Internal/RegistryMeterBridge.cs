using System.Diagnostics;
using System.Diagnostics.Metrics;
using MetricStream.Observability.Metrics;

namespace MetricStream.Observability.Otlp.Internal;

/// <summary>
/// Observable instruments, one per family (histograms: their <c>_sum</c> and <c>_count</c>), whose callbacks read one
/// shared capture of the metrics, refreshed when older than <c>maxAge</c>, so an export cycle reads the sources once.
/// </summary>
/// <remarks>The capture is replaced under <c>_lock</c>; callbacks run on the exporter's thread.</remarks>
internal sealed class RegistryMeterBridge : IDisposable
{
    public const string MeterName = "MetricStream";

    private readonly Action<MetricsWriter> _collect;
    private readonly TimeSpan _maxAge;
    private readonly Meter _meter = new(MeterName);
    private readonly Lock _lock = new();
    private ILookup<string, MetricSample> _samples; // must be accessed under _lock
    private long _readAt;

    public RegistryMeterBridge(Action<MetricsWriter> collect, TimeSpan maxAge)
    {
        _collect = collect;
        _maxAge = maxAge;
        var first = new MetricsWriter(capture: true);
        collect(first);
        _samples = Index(first);
        _readAt = Stopwatch.GetTimestamp();
        foreach (var (family, type) in first.Families)
        {
            Register(family, type);
        }
    }

    public void Dispose() => _meter.Dispose();

    private void Register(string family, MetricType type)
    {
        switch (type)
        {
            case MetricType.Counter:
                _meter.CreateObservableCounter(family, () => Read(family));
                break;
            case MetricType.Gauge:
                _meter.CreateObservableGauge(family, () => Read(family));
                break;
            default:
                _meter.CreateObservableCounter(family + "_sum", () => Read(family + "_sum"));
                _meter.CreateObservableCounter(family + "_count", () => Read(family + "_count"));
                break;
        }
    }

    private IEnumerable<Measurement<double>> Read(string name)
    {
        ILookup<string, MetricSample> samples;
        lock (_lock)
        {
            if (Stopwatch.GetElapsedTime(_readAt) > _maxAge)
            {
                _samples = Capture();
                _readAt = Stopwatch.GetTimestamp();
            }

            samples = _samples;
        }

        return samples[name].Select(s => new Measurement<double>(s.Value, s.Labels.Select(l => new KeyValuePair<string, object?>(l.Name, l.Value))));
    }

    private static ILookup<string, MetricSample> Index(MetricsWriter writer) => writer.Captured.ToLookup(s => s.Name, StringComparer.Ordinal);

    private ILookup<string, MetricSample> Capture()
    {
        var writer = new MetricsWriter(capture: true);
        _collect(writer);
        return Index(writer);
    }
}
