using System.Text;
using MetricStream.Edge.Producing;

namespace MetricStream.Edge.Tests.Producing;

public sealed class Murmur2Tests
{
    // The vectors of Kafka's own UtilsTest.testMurmur2 (Java client).
    [Theory]
    [InlineData("21", -973932308)]
    [InlineData("foobar", -790332482)]
    [InlineData("a-little-bit-long-string", -985981536)]
    [InlineData("a-little-bit-longer-string", -1486304829)]
    [InlineData("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971)]
    [InlineData("abc", 479470107)]
    public void Hash_KafkaTestVectors_Match(string key, int expected)
    {
        Murmur2.Hash(Encoding.ASCII.GetBytes(key)).Should().Be(expected);
    }

    [Fact]
    public void Partition_IsPositiveHashModuloCount()
    {
        var key = "foobar"u8;

        Murmur2.Partition(key, 7).Should().Be((-790332482 & 0x7fffffff) % 7);
    }

    [Fact]
    public void Partition_SpreadsKeysOverAllPartitions()
    {
        var counts = new int[6];
        for (var i = 0; i < 6_000; i++)
        {
            counts[Murmur2.Partition(Encoding.ASCII.GetBytes($"series-{i}"), 6)]++;
        }

        counts.Should().OnlyContain(c => c > 800 && c < 1_200);
    }
}
