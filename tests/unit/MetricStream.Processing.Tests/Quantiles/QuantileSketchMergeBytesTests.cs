using MetricStream.Processing.Quantiles;

namespace MetricStream.Processing.Tests.Quantiles;

/// <summary><see cref="QuantileSketch.MergeBytes"/>: the allocation-free merge the hour rollups use.</summary>
public sealed class QuantileSketchMergeBytesTests
{
    [Theory]
    [InlineData("lognormal")]
    [InlineData("mixed-sign")]
    public void MergeBytes_SixtyMinuteSketches_GivesTheSameBytesAsMergeOfFromBytes(string distribution)
    {
        var viaObjects = new QuantileSketch();
        var viaBytes = new QuantileSketch();
        for (var minute = 0; minute < 60; minute++)
        {
            var sketch = new QuantileSketch();
            // Minute sizes from 0 (empty) to 200 values, so sparse and dense stores and empty sketches all occur.
            foreach (var value in QuantileSketchTests.Sample(distribution, minute * 37 % 201, seed: minute))
            {
                sketch.Add(value);
            }

            var bytes = sketch.ToBytes();
            viaObjects.Merge(QuantileSketch.FromBytes(bytes));
            viaBytes.MergeBytes(bytes);
        }

        viaBytes.ToBytes().Should().Equal(viaObjects.ToBytes());
        viaBytes.Count.Should().Be(viaObjects.Count).And.BePositive();
        viaBytes.Quantile(0.99).Should().Be(viaObjects.Quantile(0.99));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 9, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 1, 123, 20, 174, 71, 225, 122, 132, 63, 5 })]
    public void MergeBytes_Corrupt_ThrowsFormatException_AndLeavesTheSketchUnchanged(byte[] bytes)
    {
        var sketch = new QuantileSketch();
        sketch.Add(5);
        var before = sketch.ToBytes();

        var act = () => sketch.MergeBytes(bytes);

        act.Should().Throw<FormatException>();
        sketch.ToBytes().Should().Equal(before);
    }

    [Fact]
    public void MergeBytes_TruncatedStore_ThrowsFormatException_AndAddsNoBucket()
    {
        var other = new QuantileSketch();
        foreach (var value in new[] { 1.0, 10, 100, 1000 })
        {
            other.Add(value);
        }

        var bytes = other.ToBytes();
        var sketch = new QuantileSketch();
        sketch.Add(5);
        var before = sketch.ToBytes();

        var act = () => sketch.MergeBytes(bytes.AsSpan(0, bytes.Length - 2));

        act.Should().Throw<FormatException>();
        sketch.ToBytes().Should().Equal(before, "a sketch whose last buckets are cut off must not be half merged");
    }

    [Fact]
    public void MergeBytes_DifferentAccuracy_ThrowsArgumentException()
    {
        var other = new QuantileSketch(0.02);
        other.Add(3);

        var act = () => new QuantileSketch(0.01).MergeBytes(other.ToBytes());

        act.Should().Throw<ArgumentException>();
    }
}
