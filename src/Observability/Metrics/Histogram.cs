using MetricStream.Observability.Metrics.Internal;

namespace MetricStream.Observability.Metrics;

/// <summary>Counts observations into fixed buckets, with their sum and count (one series of a family).</summary>
/// <remarks>Thread-safe: buckets and count use interlocked increments, the sum a compare-and-swap loop.</remarks>
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

    /// <summary>Sum of the observations.</summary>
    public double Sum => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _sumBits));

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

    void IMetric.Write(MetricsWriter writer)
    {
        if (writer.Family(_name, _help, MetricType.Histogram))
        {
            WriteSeries(writer, []);
        }
    }

    /// <summary>Writes this series' samples under the current family.</summary>
    internal void WriteSeries(MetricsWriter writer, (string Name, string Value)[] labels)
    {
        var counts = new long[_counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Interlocked.Read(ref _counts[i]);
        }

        writer.Histogram(_bounds, counts, Sum, labels);
    }
}
