using System.Collections.Concurrent;
using MetricStream.Observability.Metrics.Internal;

namespace MetricStream.Observability.Metrics;

/// <summary>A monotonically increasing count, one series per label value combination.</summary>
/// <remarks>Thread-safe: series are found in a concurrent dictionary and updated with interlocked adds.</remarks>
public sealed class Counter : IMetric
{
    private readonly string _name;
    private readonly string _help;
    private readonly string[] _labelNames;
    private readonly ConcurrentDictionary<string, Cell> _series = new(StringComparer.Ordinal);

    internal Counter(string name, string help, string[] labelNames)
    {
        _name = name;
        _help = help;
        _labelNames = labelNames;
    }

    /// <summary>Adds <paramref name="amount"/> (non-negative) to the series with <paramref name="labelValues"/>.</summary>
    /// <param name="amount">How much to add.</param>
    /// <param name="labelValues">One value per label name, in order.</param>
    /// <exception cref="ArgumentException">The number of values differs from the number of label names.</exception>
    public void Add(long amount, params string[] labelValues)
    {
        ArgumentNullException.ThrowIfNull(labelValues);
        if (labelValues.Length != _labelNames.Length)
        {
            throw new ArgumentException($"{_name} has {_labelNames.Length} labels; got {labelValues.Length} values", nameof(labelValues));
        }

        var key = string.Join('\u0001', labelValues);
        var cell = _series.GetOrAdd(key, static _ => new Cell());
        Interlocked.Add(ref cell.Value, amount);
    }

    /// <summary>The current value of one series (0 when never incremented).</summary>
    /// <param name="labelValues">One value per label name.</param>
    /// <returns>The count.</returns>
    public long Get(params string[] labelValues) =>
        _series.TryGetValue(string.Join('\u0001', labelValues), out var cell) ? Interlocked.Read(ref cell.Value) : 0;

    void IMetric.Write(MetricsWriter writer)
    {
        if (!writer.Family(_name, _help, MetricType.Counter))
        {
            return;
        }

        foreach (var (key, cell) in _series.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var labels = new (string Name, string Value)[_labelNames.Length];
            if (labels.Length > 0)
            {
                var values = key.Split('\u0001');
                for (var i = 0; i < labels.Length; i++)
                {
                    labels[i] = (_labelNames[i], values[i]);
                }
            }

            writer.Sample(Interlocked.Read(ref cell.Value), labels);
        }
    }

    private sealed class Cell
    {
        public long Value;
    }
}
