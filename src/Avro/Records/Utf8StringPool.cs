using System.Buffers.Binary;
using System.Text;

namespace MetricStream.Avro.Records;

/// <summary>
/// Turns decoded UTF-8 into strings without allocating for values seen recently: a bounded,
/// four-way set-associative cache from UTF-8 bytes to the string made from them. Metric data repeats
/// the same few tenants, measurements, tag keys, tag values and field names, so in steady state the
/// hot decoders allocate no strings; a miss allocates one string and replaces the least recently
/// inserted entry of its set, so memory stays bounded (<c>capacity</c> entries of at most
/// <c>maxLength</c> bytes) however many distinct values pass. Not thread-safe: use one pool per
/// decoding thread or partition task.
/// </summary>
public sealed class Utf8StringPool
{
    private const int Ways = 4;
    private readonly Entry[] _entries;
    private readonly int _mask;
    private readonly int _maxLength;

    /// <summary>Creates a pool.</summary>
    /// <param name="capacity">Entries kept, rounded up to a power of two (at least 4); 8192 by default.</param>
    /// <param name="maxLength">Longest UTF-8 value cached, in bytes; longer ones are always allocated. 128 by default.</param>
    public Utf8StringPool(int capacity = 8192, int maxLength = 128)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, Ways);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        _entries = new Entry[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity)];
        _mask = _entries.Length - Ways;
        _maxLength = maxLength;
    }

    /// <summary>Returns the string of <paramref name="utf8"/>, from the cache when present.</summary>
    /// <param name="utf8">UTF-8 bytes (invalid sequences become U+FFFD, as in <see cref="Encoding.UTF8"/>).</param>
    /// <returns>The string.</returns>
    public string GetString(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        if (utf8.Length > _maxLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        var hash = Hash(utf8);
        var set = _entries.AsSpan(hash & _mask, Ways);
        foreach (ref readonly var entry in set)
        {
            if (entry.Hash == hash && entry.Utf8 is not null && utf8.SequenceEqual(entry.Utf8))
            {
                return entry.Value!;
            }
        }

        // Miss: the newest entry goes first and the oldest of the set is dropped.
        set[..^1].CopyTo(set[1..]);
        var value = Encoding.UTF8.GetString(utf8);
        set[0] = new Entry(hash, utf8.ToArray(), value);
        return value;
    }

    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        // Eight bytes per step with a multiply-xorshift mix: faster than byte-wise FNV-1a and HashCode.AddBytes on
        // 4-16 byte keys (measured); the cache tolerates collisions.
        var h = (ulong)utf8.Length * 0x9E3779B97F4A7C15UL;
        while (utf8.Length >= 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(utf8)) * 0xFF51AFD7ED558CCDUL;
            h ^= h >> 32;
            utf8 = utf8[8..];
        }

        ulong tail = 0;
        for (var i = 0; i < utf8.Length; i++)
        {
            tail |= (ulong)utf8[i] << (8 * i);
        }

        // Full avalanche (MurmurHash3's finaliser): the set index uses the low bits, which a product
        // alone only fills from the low input bits.
        h ^= tail;
        h = (h ^ (h >> 33)) * 0xFF51AFD7ED558CCDUL;
        h = (h ^ (h >> 33)) * 0xC4CEB9FE1A85EC53UL;
        return (int)(h ^ (h >> 33));
    }

    private readonly record struct Entry(int Hash, byte[]? Utf8, string? Value);
}
