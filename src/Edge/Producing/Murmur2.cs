using System.Buffers.Binary;

namespace MetricStream.Edge.Producing;

/// <summary>
/// Kafka's murmur2 partitioning, as the Java client's default partitioner (and librdkafka's
/// <c>murmur2</c>/<c>murmur2_random</c> partitioners) apply it to keyed records:
/// <c>partition = (murmur2(key) &amp; 0x7fffffff) % partitionCount</c>, seed <c>0x9747b28c</c>.
/// </summary>
/// <remarks>
/// The edge computes partitions itself because Confluent.Kafka's default partitioner for keyed records is
/// <c>consistent_random</c> (CRC32), which puts a key on a different partition than a Java producer would.
/// With murmur2 our batch records land where per-series records from any Java-default producer (Kafka
/// Streams included) would, so a topology that re-keys by series keeps locality.
/// </remarks>
public static class Murmur2
{
    /// <summary>The murmur2 hash of <paramref name="data"/>, bit for bit as Kafka's <c>Utils.murmur2</c>.</summary>
    /// <param name="data">The key bytes.</param>
    /// <returns>The signed 32-bit hash.</returns>
    public static int Hash(ReadOnlySpan<byte> data)
    {
        const uint Seed = 0x9747b28c;
        const uint M = 0x5bd1e995;
        const int R = 24;
        var length = data.Length;
        var h = Seed ^ (uint)length;
        var blocks = length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i * 4, 4));
            k *= M;
            k ^= k >> R;
            k *= M;
            h *= M;
            h ^= k;
        }

        var tail = data[(blocks * 4)..];
        switch (tail.Length)
        {
            case 3:
                h ^= (uint)tail[2] << 16;
                h ^= (uint)tail[1] << 8;
                h ^= tail[0];
                h *= M;
                break;
            case 2:
                h ^= (uint)tail[1] << 8;
                h ^= tail[0];
                h *= M;
                break;
            case 1:
                h ^= tail[0];
                h *= M;
                break;
        }

        h ^= h >> 13;
        h *= M;
        h ^= h >> 15;
        return (int)h;
    }

    /// <summary>The partition Kafka's default partitioner picks for <paramref name="key"/>.</summary>
    /// <param name="key">The key bytes.</param>
    /// <param name="partitionCount">Partitions of the topic, at least 1.</param>
    /// <returns>A partition in [0, <paramref name="partitionCount"/>).</returns>
    public static int Partition(ReadOnlySpan<byte> key, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        return (Hash(key) & 0x7fffffff) % partitionCount;
    }
}
