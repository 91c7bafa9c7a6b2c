using MetricStream.Avro.Compatibility;
using MetricStream.SchemaRegistry.Compatibility;

namespace MetricStream.SchemaRegistry.Tests.Compatibility;

public class CompatibilityLevelsTests
{
    [Theory]
    [InlineData("NONE", CompatibilityLevel.None)]
    [InlineData("BACKWARD", CompatibilityLevel.Backward)]
    [InlineData("BACKWARD_TRANSITIVE", CompatibilityLevel.BackwardTransitive)]
    [InlineData("FORWARD", CompatibilityLevel.Forward)]
    [InlineData("FORWARD_TRANSITIVE", CompatibilityLevel.ForwardTransitive)]
    [InlineData("FULL", CompatibilityLevel.Full)]
    [InlineData("FULL_TRANSITIVE", CompatibilityLevel.FullTransitive)]
    public void Parse_RegistryName_GivesLevelAndFormatsBack(string name, CompatibilityLevel level)
    {
        CompatibilityLevels.Parse(name).Should().Be(level);
        CompatibilityLevels.ToName(level).Should().Be(name);
    }

    [Theory]
    [InlineData("backward_transitive")]
    [InlineData(" Backward_Transitive ")]
    public void TryParse_OtherCaseOrSpaces_Accepted(string text)
    {
        CompatibilityLevels.TryParse(text, out var level).Should().BeTrue();
        level.Should().Be(CompatibilityLevel.BackwardTransitive);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("BACKWARDS")]
    [InlineData("BackwardTransitive")]
    public void TryParse_NotARegistryName_ReturnsFalse(string? text)
    {
        CompatibilityLevels.TryParse(text, out _).Should().BeFalse();
    }

    [Fact]
    public void Parse_Unknown_ThrowsFormatExceptionListingValidNames()
    {
        var act = () => CompatibilityLevels.Parse("SIDEWAYS");

        act.Should().Throw<FormatException>().WithMessage("'SIDEWAYS' is not a compatibility level; expected one of NONE, BACKWARD, BACKWARD_TRANSITIVE, *FULL_TRANSITIVE");
    }

    [Fact]
    public void Default_IsBackward_AsInConfluent()
    {
        CompatibilityLevels.Default.Should().Be(CompatibilityLevel.Backward);
    }
}
