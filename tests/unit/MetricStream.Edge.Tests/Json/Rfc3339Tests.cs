using MetricStream.Edge.Json;

namespace MetricStream.Edge.Tests.Json;

public sealed class Rfc3339Tests
{
    [Theory]
    [InlineData("1970-01-01T00:00:00Z", 0L)]
    [InlineData("2024-05-01T12:00:00Z", 1_714_564_800_000_000_000L)]
    [InlineData("2024-05-01t12:00:00z", 1_714_564_800_000_000_000L)]
    [InlineData("2024-05-01T14:00:00+02:00", 1_714_564_800_000_000_000L)]
    [InlineData("2024-05-01T07:30:00-04:30", 1_714_564_800_000_000_000L)]
    [InlineData("2024-05-01T12:00:00.5Z", 1_714_564_800_500_000_000L)]
    [InlineData("2024-05-01T12:00:00.123456789Z", 1_714_564_800_123_456_789L)]
    [InlineData("2024-05-01T12:00:00.1234567891Z", 1_714_564_800_123_456_789L)]
    [InlineData("1969-12-31T23:59:59.999999999Z", -1L)]
    [InlineData("2024-02-29T00:00:00Z", 1_709_164_800_000_000_000L)]
    public void TryParse_ValidDateTime_GivesNanoseconds(string text, long expected)
    {
        Rfc3339.TryParse(text, out var nanos).Should().BeTrue();
        nanos.Should().Be(expected);
    }

    [Theory]
    [InlineData("2024-05-01")]
    [InlineData("2024-05-01T12:00:00")]
    [InlineData("2024-05-01T12:00:00.Z")]
    [InlineData("2024-13-01T12:00:00Z")]
    [InlineData("2023-02-29T12:00:00Z")]
    [InlineData("2024-05-01T24:00:00Z")]
    [InlineData("2024-05-01T12:60:00Z")]
    [InlineData("2024-05-01T12:00:00+2:00")]
    [InlineData("2024-05-01T12:00:00+02:00x")]
    [InlineData("3000-01-01T00:00:00Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("２０２４-05-01T12:00:00Z")]
    public void TryParse_Invalid_ReturnsFalse(string text)
    {
        Rfc3339.TryParse(text, out _).Should().BeFalse();
    }
}
