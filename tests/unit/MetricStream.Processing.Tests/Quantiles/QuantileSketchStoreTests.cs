using MetricStream.Processing.Quantiles;

namespace MetricStream.Processing.Tests.Quantiles;

/// <summary>The sketch's bucket store switches from sparse to dense past 32 buckets; nothing observable may change.</summary>
public class QuantileSketchStoreTests
{
    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(200)]
    public void Quantile_ValuesInDistinctBuckets_StayWithinTheBoundAcrossTheSparseDenseSwitch(int buckets)
    {
        // Each value 10 % above the previous: one bucket each at 1 %, both signs.
        var values = Enumerable.Range(0, buckets).SelectMany(i => new[] { Math.Pow(1.1, i), -Math.Pow(1.1, i) * 3 }).Order().ToArray();
        var sketch = new QuantileSketch();
        foreach (var v in values)
        {
            sketch.Add(v);
        }

        foreach (var q in new[] { 0.0, 0.1, 0.5, 0.9, 0.99, 1.0 })
        {
            var exact = values[(int)Math.Floor(q * (values.Length - 1))];
            sketch.Quantile(q).Should().BeApproximately(exact, (Math.Abs(exact) * 0.01) + 1e-12, $"q={q} with {buckets} buckets per sign");
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(40)]
    public void Merge_SparseAndDenseHalves_GivesTheSameBytesAsOneSketch(int buckets)
    {
        var all = new QuantileSketch();
        var low = new QuantileSketch();
        var high = new QuantileSketch();
        for (var i = 0; i < buckets; i++)
        {
            var value = Math.Pow(1.05, i * 3);
            all.Add(value);
            all.Add(value);
            (i < 5 ? low : high).Add(value);
            (i < 5 ? low : high).Add(value);
        }

        low.Merge(high);

        low.ToBytes().Should().Equal(all.ToBytes());
        QuantileSketch.FromBytes(all.ToBytes()).ToBytes().Should().Equal(all.ToBytes());
    }
}
