using System.Buffers;
using MetricStream.Avro.Binary;

namespace MetricStream.Avro.Tests.Binary;

public class AvroBinaryWriterTests
{
    private delegate void WriteAction(ref AvroBinaryWriter writer);

    private static string Hex(WriteAction write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new AvroBinaryWriter(buffer);
        write(ref writer);
        writer.Flush();
        return Convert.ToHexStringLower(buffer.WrittenSpan);
    }

    // The examples of the specification's "Binary Encoding" table, plus the extremes.
    [Theory]
    [InlineData(0L, "00")]
    [InlineData(-1L, "01")]
    [InlineData(1L, "02")]
    [InlineData(-2L, "03")]
    [InlineData(2L, "04")]
    [InlineData(-64L, "7f")]
    [InlineData(64L, "8001")]
    [InlineData(long.MaxValue, "feffffffffffffffff01")]
    [InlineData(long.MinValue, "ffffffffffffffffff01")]
    public void WriteLong_ZigZagVarint_MatchesSpec(long value, string hex)
    {
        Hex((ref AvroBinaryWriter w) => w.WriteLong(value)).Should().Be(hex);
    }

    [Theory]
    [InlineData(int.MaxValue, "feffffff0f")]
    [InlineData(int.MinValue, "ffffffff0f")]
    [InlineData(-64, "7f")]
    [InlineData(8192, "808001")]
    public void WriteInt_ZigZagVarint_MatchesSpec(int value, string hex)
    {
        Hex((ref AvroBinaryWriter w) => w.WriteInt(value)).Should().Be(hex);
    }

    [Fact]
    public void WriteString_Foo_IsLengthThenUtf8()
    {
        // The spec's example: "foo" is 06 66 6f 6f.
        Hex((ref AvroBinaryWriter w) => w.WriteString("foo")).Should().Be("06666f6f");
        Hex((ref AvroBinaryWriter w) => w.WriteString(string.Empty)).Should().Be("00");
    }

    [Fact]
    public void WriteString_SurrogatePairAndLongStrings_UseUtf8ByteLength()
    {
        // U+1F600 is one surrogate pair, 4 UTF-8 bytes.
        Hex((ref AvroBinaryWriter w) => w.WriteString("\U0001F600")).Should().Be("08f09f9880");
        var longText = new string('é', 100); // 100 chars, 200 UTF-8 bytes: the length needs two varint bytes
        Hex((ref AvroBinaryWriter w) => w.WriteString(longText)).Should().StartWith("9003c3a9");
        var mid = new string('a', 64); // 64 bytes: length 64 -> zig-zag 128 -> 80 01
        Hex((ref AvroBinaryWriter w) => w.WriteString(mid)).Should().Be("8001" + string.Concat(Enumerable.Repeat("61", 64)));
        var justBelow = new string('a', 63); // 63 bytes: zig-zag 126 -> 7e
        Hex((ref AvroBinaryWriter w) => w.WriteString(justBelow)).Should().Be("7e" + string.Concat(Enumerable.Repeat("61", 63)));
        var longAscii = new string('b', 127); // 127 bytes -> zig-zag 254 -> fe 01
        Hex((ref AvroBinaryWriter w) => w.WriteString(longAscii)).Should().Be("fe01" + string.Concat(Enumerable.Repeat("62", 127)));
    }

    [Fact]
    public void WriteString_UnpairedSurrogate_IsWrittenAsReplacementCharacter()
    {
        Hex((ref AvroBinaryWriter w) => w.WriteString("\uD800")).Should().Be("06efbfbd");
        Hex((ref AvroBinaryWriter w) => w.WriteString("a\uDC00" + new string('b', 200))).Should().StartWith("980361efbfbd62");
    }

    [Fact]
    public void WriteFloatAndDouble_LittleEndianIeee754_BitExact()
    {
        Hex((ref AvroBinaryWriter w) => w.WriteFloat(1.0f)).Should().Be("0000803f");
        Hex((ref AvroBinaryWriter w) => w.WriteDouble(1.0)).Should().Be("000000000000f03f");
        Hex((ref AvroBinaryWriter w) => w.WriteDouble(-0.0)).Should().Be("0000000000000080");
        Hex((ref AvroBinaryWriter w) => w.WriteDouble(double.PositiveInfinity)).Should().Be("000000000000f07f");
        Hex((ref AvroBinaryWriter w) => w.WriteFloat(float.NegativeInfinity)).Should().Be("000080ff");
    }

    [Fact]
    public void WriteBlocks_EmptyArrayIsSingleZero_NonEmptyIsCountItemsZero()
    {
        Hex((ref AvroBinaryWriter w) =>
        {
            w.WriteBlockHeader(0);
            w.WriteBlocksEnd();
        }).Should().Be("00");
        Hex((ref AvroBinaryWriter w) =>
        {
            w.WriteBlockHeader(2);
            w.WriteLong(3);
            w.WriteLong(27);
            w.WriteBlocksEnd();
        }).Should().Be("04063600"); // the spec's array example [3, 27]
    }

    [Fact]
    public void Writer_OverFixedSpan_WritesExactlyAndThrowsWhenFull()
    {
        Span<byte> small = stackalloc byte[3];
        var writer = new AvroBinaryWriter(small);
        writer.WriteLong(64);
        writer.WriteBoolean(true);
        writer.BytesWritten.Should().Be(3);
        Convert.ToHexStringLower(small).Should().Be("800101");

        var threw = false;
        try
        {
            writer.WriteLong(1);
        }
        catch (AvroException e)
        {
            threw = e.Message.Contains("too small", StringComparison.Ordinal);
        }

        threw.Should().BeTrue();
    }

    [Fact]
    public void Writer_OverBufferWriter_GrowsAcrossSegments()
    {
        var buffer = new ArrayBufferWriter<byte>(1);
        var writer = new AvroBinaryWriter(buffer);
        for (var i = 0; i < 1000; i++)
        {
            writer.WriteString("segment-spanning text");
        }

        writer.Flush();
        buffer.WrittenCount.Should().Be(1000 * 22);
        writer.BytesWritten.Should().Be(1000 * 22);
    }
}
