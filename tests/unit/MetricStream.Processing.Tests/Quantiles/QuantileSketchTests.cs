using MetricStream.Processing.Quantiles;

namespace MetricStream.Processing.Tests.Quantiles;

public class QuantileSketchTests
{
    private static readonly double[] Qs = [0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

    public static TheoryData<string> Distributions => new() { "lognormal", "pareto", "mixed-sign", "with-zeros" };

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Quantile_SkewedData_WithinRelativeAccuracyOfExactQuantile(string distribution)
    {
        var values = Sample(distribution, 100_000, seed: 42);
        var sketch = new QuantileSketch();
        foreach (var v in values)
        {
            sketch.Add(v);
        }

        AssertWithinBound(sketch, values, QuantileSketch.DefaultRelativeAccuracy);
    }

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Merge_SixtyMinuteSketches_EqualsHourSketchBucketForBucketAndWithinBound(string distribution)
    {
        var values = Sample(distribution, 60 * 2000, seed: 7);
        var hour = new QuantileSketch();
        var merged = new QuantileSketch();
        for (var minute = 0; minute < 60; minute++)
        {
            var one = new QuantileSketch();
            foreach (var v in values.AsSpan(minute * 2000, 2000))
            {
                one.Add(v);
                hour.Add(v);
            }

            // Through bytes, as the 1h rollup reads the 1m sketches from the topic.
            merged.Merge(QuantileSketch.FromBytes(one.ToBytes()));
        }

        merged.ToBytes().Should().Equal(hour.ToBytes());
        AssertWithinBound(merged, values, QuantileSketch.DefaultRelativeAccuracy);
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.001)]
    public void Quantile_OtherAccuracies_WithinTheirBound(double alpha)
    {
        var values = Sample("pareto", 20_000, seed: 3);
        var sketch = new QuantileSketch(alpha);
        foreach (var v in values)
        {
            sketch.Add(v);
        }

        AssertWithinBound(sketch, values, alpha);
    }

    [Fact]
    public void ToBytes_RoundTrip_PreservesEveryQuantileAndBytes()
    {
        var sketch = new QuantileSketch();
        foreach (var v in Sample("mixed-sign", 5000, seed: 1))
        {
            sketch.Add(v);
        }

        var bytes = sketch.ToBytes();
        var copy = QuantileSketch.FromBytes(bytes);

        copy.ToBytes().Should().Equal(bytes);
        copy.Count.Should().Be(sketch.Count);
        foreach (var q in Qs)
        {
            copy.Quantile(q).Should().Be(sketch.Quantile(q));
        }
    }

    [Fact]
    public void ToBytes_SameValuesInDifferentOrder_SameBytes()
    {
        var values = Sample("lognormal", 1000, seed: 5);
        var a = new QuantileSketch();
        var b = new QuantileSketch();
        foreach (var v in values)
        {
            a.Add(v);
        }

        foreach (var v in values.Reverse())
        {
            b.Add(v);
        }

        b.ToBytes().Should().Equal(a.ToBytes());
    }

    [Fact]
    public void Quantile_ZerosNegativesAndTinyValues_HandledExactlyEnough()
    {
        var sketch = new QuantileSketch();
        sketch.Add(-5);
        sketch.Add(0);
        sketch.Add(1e-12);
        sketch.Add(0);
        sketch.Add(7);

        sketch.ZeroCount.Should().Be(3);
        sketch.Quantile(0).Should().Be(-5);
        sketch.Quantile(0.5).Should().Be(0);
        sketch.Quantile(1).Should().Be(7);
    }

    [Fact]
    public void Quantile_EmptySketch_IsNaN() => double.IsNaN(new QuantileSketch().Quantile(0.5)).Should().BeTrue();

    [Fact]
    public void Merge_DifferentAccuracy_Throws()
    {
        var act = () => new QuantileSketch(0.01).Merge(new QuantileSketch(0.02));

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Add_NaN_Throws()
    {
        var act = () => new QuantileSketch().Add(double.NaN);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 9, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 1, 123, 20, 174, 71, 225, 122, 132, 63, 5 })]
    public void FromBytes_Corrupt_ThrowsFormatException(byte[] bytes)
    {
        var act = () => QuantileSketch.FromBytes(bytes);

        act.Should().Throw<FormatException>();
    }

    internal static double[] Sample(string distribution, int n, int seed)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = distribution switch
            {
                "lognormal" => Math.Exp(3 + (1.5 * Normal())),
                "pareto" => 1.0 / Math.Pow(1 - random.NextDouble(), 1 / 1.2),
                "mixed-sign" => (random.Next(3) == 0 ? -1 : 1) * Math.Exp(2 * Normal()),
                _ => random.Next(10) == 0 ? 0 : Math.Exp(Normal()) * 100,
            };
        }

        return values;
    }

    private static void AssertWithinBound(QuantileSketch sketch, double[] values, double alpha)
    {
        var sorted = values.Order().ToArray();
        foreach (var q in Qs)
        {
            var exact = sorted[(int)Math.Floor(q * (sorted.Length - 1))];
            var estimate = sketch.Quantile(q);
            var error = Math.Abs(estimate - exact);
            var bound = Math.Abs(exact) >= QuantileSketch.MinIndexableValue ? (alpha * Math.Abs(exact)) + 1e-12 : QuantileSketch.MinIndexableValue;
            error.Should().BeLessThanOrEqualTo(bound, $"q={q}: exact {exact}, estimate {estimate}");
        }
    }
}
