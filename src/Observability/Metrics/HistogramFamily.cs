using System.Collections.Concurrent;
using MetricStream.Observability.Metrics.Internal;

namespace MetricStream.Observability.Metrics;

/// <summary>A histogram with labels: one <see cref="Histogram"/> series per label value combination, same buckets.</summary>
/// <remarks>Thread-safe; keep the label values few (an endpoint's route, not its path).</remarks>
public sealed class HistogramFamily : IMetric
{
    private readonly string _name;
    private readonly string _help;
    private readonly string[] _labelNames;
    private readonly double[] _bounds;
    private readonly ConcurrentDictionary<string, (string[] Values, Histogram Series)> _series = new(StringComparer.Ordinal);

    internal HistogramFamily(string name, string help, string[] labelNames, double[] bounds)
    {
        _name = name;
        _help = help;
        _labelNames = labelNames;
        _bounds = bounds;
    }

    /// <summary>The series for <paramref name="labelValues"/>, created on first use.</summary>
    /// <param name="labelValues">One value per label name, in order.</param>
    /// <returns>The series to observe into.</returns>
    /// <exception cref="ArgumentException">The number of values differs from the number of label names.</exception>
    public Histogram WithLabels(params string[] labelValues)
    {
        ArgumentNullException.ThrowIfNull(labelValues);
        if (labelValues.Length != _labelNames.Length)
        {
            throw new ArgumentException($"{_name} has {_labelNames.Length} labels; got {labelValues.Length} values", nameof(labelValues));
        }

        return _series.GetOrAdd(
            string.Join('\u0001', labelValues),
            static (_, state) => ([.. state.Values], new Histogram(state.Name, string.Empty, state.Bounds)),
            (Values: labelValues, Name: _name, Bounds: _bounds)).Series;
    }

    void IMetric.Write(MetricsWriter writer)
    {
        if (!writer.Family(_name, _help, MetricType.Histogram))
        {
            return;
        }

        foreach (var (_, (values, series)) in _series.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            series.WriteSeries(writer, [.. _labelNames.Zip(values, (n, v) => (n, v))]);
        }
    }
}
