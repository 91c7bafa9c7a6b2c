using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace MetricStream.Edge.Metrics;

/// <summary>A monotonically increasing count, one series per label value combination.</summary>
public sealed class Counter : IMetric
{
    private readonly string _name;
    private readonly string _help;
    private readonly string[] _labelNames;
    private readonly ConcurrentDictionary<string, StrongBox> _series = new(StringComparer.Ordinal);

    internal Counter(string name, string help, string[] labelNames)
    {
        _name = name;
        _help = help;
        _labelNames = labelNames;
    }

    /// <summary>Adds <paramref name="amount"/> (non-negative) to the series with <paramref name="labelValues"/>.</summary>
    /// <param name="amount">How much to add.</param>
    /// <param name="labelValues">One value per label name, in order.</param>
    public void Add(long amount, params string[] labelValues)
    {
        ArgumentNullException.ThrowIfNull(labelValues);
        if (labelValues.Length != _labelNames.Length)
        {
            throw new ArgumentException($"{_name} has {_labelNames.Length} labels; got {labelValues.Length} values", nameof(labelValues));
        }

        var key = string.Join('\u0001', labelValues);
        var box = _series.GetOrAdd(key, static _ => new StrongBox());
        Interlocked.Add(ref box.Value, amount);
    }

    /// <summary>The current value of one series (0 when never incremented).</summary>
    /// <param name="labelValues">One value per label name.</param>
    /// <returns>The count.</returns>
    public long Get(params string[] labelValues) =>
        _series.TryGetValue(string.Join('\u0001', labelValues), out var box) ? Interlocked.Read(ref box.Value) : 0;

    void IMetric.Render(StringBuilder text)
    {
        MetricsRegistry.Header(text, _name, _help, "counter");
        foreach (var (key, box) in _series.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            text.Append(_name);
            if (_labelNames.Length > 0)
            {
                var values = key.Split('\u0001');
                text.Append('{');
                for (var i = 0; i < _labelNames.Length; i++)
                {
                    text.Append(i == 0 ? string.Empty : ",").Append(_labelNames[i]).Append("=\"").Append(MetricsRegistry.Escape(values[i])).Append('"');
                }

                text.Append('}');
            }

            text.Append(' ').Append(Interlocked.Read(ref box.Value).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }

    private sealed class StrongBox
    {
        public long Value;
    }
}
