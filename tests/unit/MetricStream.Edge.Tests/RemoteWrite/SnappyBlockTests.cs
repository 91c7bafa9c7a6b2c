using System.Text;
using MetricStream.Edge.RemoteWrite;
using MetricStream.Edge.Tests.Support;

namespace MetricStream.Edge.Tests.RemoteWrite;

public sealed class SnappyBlockTests
{
    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(100, false)]
    [InlineData(70_000, false)]
    [InlineData(300_000, false)]
    [InlineData(5_000, true)]
    public void Decompress_EncodedData_GivesItBack(int size, bool longOffsets)
    {
        var random = new Random(size);
        var words = new[] { "cpu", "host=server-01", "region=eu-west", "usage_idle=", "1700000000000000000\n" };
        var text = new StringBuilder();
        while (text.Length < size)
        {
            text.Append(words[random.Next(words.Length)]).Append(random.Next(10));
        }

        var input = Encoding.ASCII.GetBytes(text.ToString()[..size]);
        var compressed = RemoteWriteEncoder.Snappy(input, longOffsets);

        SnappyBlock.GetUncompressedLength(compressed).Should().Be(size);
        var output = new byte[size];
        SnappyBlock.Decompress(compressed, output);
        output.Should().Equal(input);
        if (size > 1_000)
        {
            compressed.Length.Should().BeLessThan(size / 2, "the test encoder must actually emit copies");
        }
    }

    [Fact]
    public void Decompress_OverlappingCopy_RepeatsTheRun()
    {
        // "ab" then copy offset 2 length 8 (1-byte-offset form): "ababababab".
        byte[] block = [10, 1 << 2, (byte)'a', (byte)'b', 1 | ((8 - 4) << 2), 2];
        var output = new byte[10];

        SnappyBlock.Decompress(block, output);

        Encoding.ASCII.GetString(output).Should().Be("ababababab");
    }

    [Fact]
    public void Decompress_RandomBytes_NeverThrowsAnythingButInvalidData()
    {
        var random = new Random(11);
        for (var i = 0; i < 20_000; i++)
        {
            var block = new byte[random.Next(0, 40)];
            random.NextBytes(block);
            int length;
            try
            {
                length = SnappyBlock.GetUncompressedLength(block);
            }
            catch (InvalidDataException)
            {
                continue;
            }

            if (length > 1 << 16)
            {
                continue;
            }

            var output = new byte[length];
            try
            {
                SnappyBlock.Decompress(block, output);
            }
            catch (InvalidDataException)
            {
                // expected for most random input
            }
        }
    }

    public static TheoryData<byte[], string> Corrupt => new()
    {
        { [], "the uncompressed length is missing" },
        { [0x80], "the uncompressed length is missing or truncated" },
        { [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], "not a valid varint" },
        { [0xFF, 0xFF, 0xFF, 0xFF, 0x0F], "too large" },
        { [3, 2 << 2, (byte)'a'], "literal runs past the end of the input" },
        { [1, 1 << 2, (byte)'a', (byte)'b'], "literal runs past the declared length" },
        { [5, 60 << 2], "literal length runs past the end of the input" },
        { [5, 0, (byte)'a', 1 | (0 << 2), 2], "copy offset 2 at output position 1 points outside the output" },
        { [5, 0, (byte)'a', 2, 0, 0], "copy offset 0" },
        { [5, 0, (byte)'a', 1], "copy offset runs past the end of the input" },
        { [5, 0, (byte)'a', 2, 1], "copy offset runs past the end of the input" },
        { [5, 0, (byte)'a', 3, 1, 0, 0], "copy offset runs past the end of the input" },
        { [3, 0, (byte)'a', 1 | (4 << 2), 1], "copy runs past the declared length" },
        { [4, 0, (byte)'a'], "produced 1 bytes but declared 4" },
    };

    [Theory]
    [MemberData(nameof(Corrupt))]
    public void Decompress_CorruptBlock_ThrowsInvalidDataNamingTheProblem(byte[] block, string problem)
    {
        var act = () =>
        {
            var output = new byte[SnappyBlock.GetUncompressedLength(block)];
            SnappyBlock.Decompress(block, output);
        };

        act.Should().Throw<InvalidDataException>().WithMessage($"*{problem}*");
    }
}
