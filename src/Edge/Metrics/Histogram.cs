using System.Globalization;
using System.Text;

namespace MetricStream.Edge.Metrics;

/// <summary>Counts observations into cumulative buckets, with their sum and count.</summary>
public sealed class Histogram : IMetric
{
    private readonly string _name;
    private readonly string _help;
    private readonly double[] _bounds;
    private readonly long[] _counts;
    private long _sumBits;
    private long _count;

    internal Histogram(string name, string help, double[] bounds)
    {
        _name = name;
        _help = help;
        _bounds = bounds;
        _counts = new long[bounds.Length + 1];
    }

    /// <summary>Number of observations.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Records one observation.</summary>
    /// <param name="value">The observed value (e.g. seconds).</param>
    public void Observe(double value)
    {
        var bucket = 0;
        while (bucket < _bounds.Length && value > _bounds[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Increment(ref _count);
        long seen;
        long next;
        do
        {
            seen = Interlocked.Read(ref _sumBits);
            next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(seen) + value);
        }
        while (Interlocked.CompareExchange(ref _sumBits, next, seen) != seen);
    }

    void IMetric.Render(StringBuilder text)
    {
        MetricsRegistry.Header(text, _name, _help, "histogram");
        long cumulative = 0;
        for (var i = 0; i <= _bounds.Length; i++)
        {
            cumulative += Interlocked.Read(ref _counts[i]);
            var le = i < _bounds.Length ? MetricsRegistry.Format(_bounds[i]) : "+Inf";
            text.Append(_name).Append("_bucket{le=\"").Append(le).Append("\"} ").Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        text.Append(_name).Append("_sum ").Append(MetricsRegistry.Format(BitConverter.Int64BitsToDouble(Interlocked.Read(ref _sumBits)))).Append('\n');
        text.Append(_name).Append("_count ").Append(Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
}
