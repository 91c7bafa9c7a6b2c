using System.Buffers;
using MetricStream.SchemaRegistry.WireFormat;

namespace MetricStream.SchemaRegistry.Tests.WireFormat;

public class ConfluentWireFormatTests
{
    [Fact]
    public void WriteHeader_SchemaId_WritesMagicByteThenBigEndianId()
    {
        var buffer = new byte[5];

        ConfluentWireFormat.WriteHeader(buffer, 0x01020304);

        buffer.Should().Equal(0x00, 0x01, 0x02, 0x03, 0x04);
    }

    [Fact]
    public void WriteHeader_BufferWriter_AdvancesFiveBytesSoTheBodyFollows()
    {
        var output = new ArrayBufferWriter<byte>();

        ConfluentWireFormat.WriteHeader(output, 258);
        output.Write(new byte[] { 0xAA, 0xBB });

        output.WrittenSpan.ToArray().Should().Equal(0x00, 0x00, 0x00, 0x01, 0x02, 0xAA, 0xBB);
    }

    [Fact]
    public void WriteHeader_ShortDestination_Throws()
    {
        var act = () => ConfluentWireFormat.WriteHeader(new byte[4], 1);

        act.Should().Throw<ArgumentException>().WithMessage("*5 bytes*");
    }

    [Fact]
    public void ReadHeader_ValidValue_ReturnsIdAndBody()
    {
        byte[] value = [0x00, 0x00, 0x00, 0x30, 0x39, 0x02, 0x04];

        var id = ConfluentWireFormat.ReadHeader(value, out var body);

        id.Should().Be(12345);
        body.ToArray().Should().Equal(0x02, 0x04);
    }

    [Fact]
    public void ReadHeader_LargestId_IsReadAsPositiveInt()
    {
        byte[] value = [0x00, 0x7F, 0xFF, 0xFF, 0xFF];

        ConfluentWireFormat.ReadHeader(value).Should().Be(int.MaxValue);
    }

    [Fact]
    public void ReadHeader_UnknownMagicByte_ThrowsWireFormatExceptionNamingTheByte()
    {
        byte[] value = [0x01, 0x00, 0x00, 0x00, 0x01, 0x00];

        var act = () => ConfluentWireFormat.ReadHeader(value);

        act.Should().Throw<WireFormatException>().WithMessage("Unknown magic byte 0x01*");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void ReadHeader_ShorterThanHeader_ThrowsWireFormatExceptionNamingTheLength(int length)
    {
        var act = () => ConfluentWireFormat.ReadHeader(new byte[length]);

        act.Should().Throw<WireFormatException>().WithMessage($"Value of {length} bytes is too short*");
    }

    [Fact]
    public void TryReadHeader_BadInput_ReturnsFalseWithoutThrowing()
    {
        ConfluentWireFormat.TryReadHeader([0x00, 0x00], out _).Should().BeFalse();
        ConfluentWireFormat.TryReadHeader([0x05, 0x00, 0x00, 0x00, 0x01], out _).Should().BeFalse();
        ConfluentWireFormat.TryReadHeader([0x00, 0x00, 0x00, 0x00, 0x07], out var id).Should().BeTrue();
        id.Should().Be(7);
    }
}
