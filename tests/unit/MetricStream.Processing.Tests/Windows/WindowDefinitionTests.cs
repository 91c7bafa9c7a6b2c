using MetricStream.Processing.Windows;

namespace MetricStream.Processing.Tests.Windows;

public class WindowDefinitionTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;

    [Fact]
    public void WindowsFor_HoppingSize5000Advance3000_GivesEpochAlignedOverlappingBounds()
    {
        var hopping = HoppingWindow.Of(TimeSpan.FromMilliseconds(5000), TimeSpan.FromMilliseconds(3000), TimeSpan.Zero);

        hopping.WindowsFor(T0.AddMilliseconds(4000)).Should().Equal(
            new TimeWindow(T0, T0.AddMilliseconds(5000)),
            new TimeWindow(T0.AddMilliseconds(3000), T0.AddMilliseconds(8000)));
        hopping.WindowsFor(T0.AddMilliseconds(6500)).Should().Equal(
            new TimeWindow(T0.AddMilliseconds(3000), T0.AddMilliseconds(8000)),
            new TimeWindow(T0.AddMilliseconds(6000), T0.AddMilliseconds(11000)));
        hopping.WindowsFor(T0.AddMilliseconds(5000)).Should().Equal(new TimeWindow(T0.AddMilliseconds(3000), T0.AddMilliseconds(8000)));
    }

    [Fact]
    public void WindowsFor_TumblingAtExactBoundary_BelongsToTheWindowStartingThere()
    {
        var tumbling = TumblingWindow.Of(TimeSpan.FromMinutes(1), TimeSpan.Zero);

        tumbling.WindowsFor(T0.AddMinutes(1)).Should().Equal(new TimeWindow(T0.AddMinutes(1), T0.AddMinutes(2)));
        tumbling.WindowsFor(T0.AddMinutes(1).AddTicks(-1)).Should().Equal(new TimeWindow(T0, T0.AddMinutes(1)));
    }

    [Fact]
    public void WindowsFor_EventTimeBeforeEpoch_IsInNoWindow()
    {
        var tumbling = TumblingWindow.Of(TimeSpan.FromSeconds(10), TimeSpan.Zero);

        tumbling.WindowsFor(T0.AddSeconds(-1)).Should().BeEmpty();
    }

    [Fact]
    public void WindowsFor_HoppingNearEpoch_NoWindowStartsBeforeEpoch()
    {
        var hopping = HoppingWindow.Of(TimeSpan.FromMilliseconds(5000), TimeSpan.FromMilliseconds(3000), TimeSpan.Zero);

        hopping.WindowsFor(T0.AddMilliseconds(1000)).Should().Equal(new TimeWindow(T0, T0.AddMilliseconds(5000)));
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(1000, 2000, 0)]
    [InlineData(1000, 1000, -1)]
    public void HoppingWindowOf_InvalidArguments_Throws(long sizeMs, long advanceMs, long graceMs)
    {
        var act = () => HoppingWindow.Of(TimeSpan.FromMilliseconds(sizeMs), TimeSpan.FromMilliseconds(advanceMs), TimeSpan.FromMilliseconds(graceMs));

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void TumblingWindowOf_SubMillisecondSize_Throws()
    {
        var act = () => TumblingWindow.Of(TimeSpan.FromTicks(15_000), TimeSpan.Zero);

        act.Should().Throw<ArgumentException>().WithMessage("*whole number of milliseconds*");
    }

    [Theory]
    [InlineData("1m", 60_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("500ms", 500)]
    [InlineData("0s", 0)]
    [InlineData("2d", 172_800_000)]
    public void DurationsTryParse_ValidText_ParsesAndFormatsBack(string text, long ms)
    {
        Durations.TryParse(text, out var value).Should().BeTrue();
        value.Should().Be(TimeSpan.FromMilliseconds(ms));
        Durations.Format(value).Should().Be(text);
    }

    [Theory]
    [InlineData("1 minute")]
    [InlineData("m")]
    [InlineData("10")]
    [InlineData("")]
    public void DurationsTryParse_InvalidText_ReturnsFalse(string text) => Durations.TryParse(text, out _).Should().BeFalse();
}
