using System.Buffers;
using MetricStream.Avro.Binary;

namespace MetricStream.Avro.Tests.Binary;

public class AvroBinaryReaderTests
{
    private delegate object ReadAction(ref AvroBinaryReader reader);

    private static object Read(string hex, ReadAction read)
    {
        var reader = new AvroBinaryReader(Convert.FromHexString(hex));
        return read(ref reader);
    }

    private static string Error(string hex, ReadAction read)
    {
        try
        {
            Read(hex, read);
        }
        catch (AvroException e)
        {
            return e.Message;
        }

        throw new Xunit.Sdk.XunitException("expected an AvroException");
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(63L)]
    [InlineData(-64L)]
    [InlineData(64L)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData(1L << 56)]
    public void ReadLong_RoundTripsWriteLong(long value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new AvroBinaryWriter(buffer);
        writer.WriteLong(value);
        writer.Flush();
        var reader = new AvroBinaryReader(buffer.WrittenSpan);

        reader.ReadLong().Should().Be(value);
        reader.End.Should().BeTrue();
    }

    [Theory]
    [InlineData("feffffff0f", int.MaxValue)]
    [InlineData("ffffffff0f", int.MinValue)]
    [InlineData("8001", 64)]
    public void ReadInt_ValidVarints(string hex, int expected)
    {
        Read(hex, (ref AvroBinaryReader r) => r.ReadInt()).Should().Be(expected);
    }

    [Fact]
    public void ReadInt_SixByteVarint_ThrowsTooLong()
    {
        Error("ffffffffff01", (ref AvroBinaryReader r) => r.ReadInt()).Should().Be("varint at offset 0 is longer than 5 bytes");
    }

    [Fact]
    public void ReadInt_ValueBeyond32Bits_ThrowsOverflow()
    {
        Error("ffffffff1f", (ref AvroBinaryReader r) => r.ReadInt()).Should().Be("varint at offset 0 overflows an int");
    }

    [Fact]
    public void ReadLong_ElevenByteVarint_ThrowsTooLong()
    {
        Error("ffffffffffffffffff8001", (ref AvroBinaryReader r) => r.ReadLong()).Should().Contain("overflows a long");
        Error("8080808080808080808080", (ref AvroBinaryReader r) => r.ReadLong()).Should().Be("varint at offset 0 overflows a long");
    }

    [Fact]
    public void ReadLong_Truncated_Throws()
    {
        Error("80", (ref AvroBinaryReader r) => r.ReadLong()).Should().Be("input truncated inside a varint starting at offset 0");
        Error("", (ref AvroBinaryReader r) => r.ReadLong()).Should().StartWith("input truncated");
    }

    [Fact]
    public void ReadString_NegativeLength_Throws()
    {
        Error("01", (ref AvroBinaryReader r) => r.ReadString()).Should().Be("negative string length -1 at offset 0");
        Error("03", (ref AvroBinaryReader r) => r.ReadBytes().ToArray()).Should().Be("negative bytes length -2 at offset 0");
    }

    [Fact]
    public void ReadString_LengthBeyondInput_ThrowsTruncated()
    {
        Error("0a6162", (ref AvroBinaryReader r) => r.ReadString()).Should().Be("input truncated: string at offset 1 needs 5 bytes but only 2 remain");
        Error("feffffffffffffffff01", (ref AvroBinaryReader r) => r.ReadString()).Should().StartWith("input truncated: string");
    }

    [Fact]
    public void ReadDouble_Truncated_Throws()
    {
        Error("000000", (ref AvroBinaryReader r) => r.ReadDouble()).Should().Be("input truncated: double at offset 0 needs 8 bytes but only 3 remain");
    }

    [Fact]
    public void ReadUnionIndexAndEnum_OutOfRange_Throw()
    {
        Error("04", (ref AvroBinaryReader r) => r.ReadUnionIndex(2)).Should().Be("union branch index 2 at offset 0 is out of range (the union has 2 branches)");
        Error("01", (ref AvroBinaryReader r) => r.ReadUnionIndex(2)).Should().Contain("index -1");
        Error("06", (ref AvroBinaryReader r) => r.ReadEnum(3)).Should().Be("enum index 3 at offset 0 is out of range (the enum has 3 symbols)");
    }

    [Fact]
    public void ReadBoolean_ByteOtherThanZeroOrOne_Throws()
    {
        Error("02", (ref AvroBinaryReader r) => r.ReadBoolean()).Should().Be("invalid boolean byte 2 at offset 0 (expected 0 or 1)");
    }

    [Fact]
    public void ReadBlockHeader_NegativeCount_ReadsByteSize()
    {
        var reader = new AvroBinaryReader(Convert.FromHexString("030400"));

        reader.ReadBlockHeader(out var size).Should().Be(2);
        size.Should().Be(2);
        reader.ReadBlockHeader(out size).Should().Be(0);
        size.Should().Be(-1);
    }

    [Fact]
    public void ReadFloatAndDouble_PreserveSpecialValues()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new AvroBinaryWriter(buffer);
        writer.WriteDouble(double.NaN);
        writer.WriteDouble(-0.0);
        writer.WriteFloat(float.NaN);
        writer.WriteFloat(-0.0f);
        writer.WriteFloat(float.PositiveInfinity);
        writer.Flush();
        var reader = new AvroBinaryReader(buffer.WrittenSpan);

        double.IsNaN(reader.ReadDouble()).Should().BeTrue();
        BitConverter.DoubleToInt64Bits(reader.ReadDouble()).Should().Be(BitConverter.DoubleToInt64Bits(-0.0));
        float.IsNaN(reader.ReadFloat()).Should().BeTrue();
        BitConverter.SingleToInt32Bits(reader.ReadFloat()).Should().Be(BitConverter.SingleToInt32Bits(-0.0f));
        reader.ReadFloat().Should().Be(float.PositiveInfinity);
    }

    [Fact]
    public void Reader_OverMultiSegmentSequence_ReadsAcrossSegments()
    {
        var first = new Segment(Convert.FromHexString("06666f"));
        var last = first.Append(Convert.FromHexString("6f02"));
        var reader = new AvroBinaryReader(new ReadOnlySequence<byte>(first, 0, last, 2));

        reader.ReadString().Should().Be("foo");
        reader.ReadLong().Should().Be(1);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] data) => Memory = data;

        public Segment Append(byte[] data)
        {
            var next = new Segment(data) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
