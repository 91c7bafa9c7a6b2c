using System.Buffers.Binary;
using MetricStream.Processing.Quantiles.Internal;

namespace MetricStream.Processing.Quantiles;

/// <summary>The serialised form of <see cref="QuantileSketch"/> (format <see cref="QuantileSketch.Format"/>).</summary>
public sealed partial class QuantileSketch
{
    /// <summary>
    /// Serialises the sketch (format <see cref="Format"/>): version byte 1; alpha as a little-endian IEEE
    /// double; count, zero count (unsigned LEB128 varints); min and max (doubles, only when count &gt; 0); then
    /// the positive and the negative store, each as the number of non-empty buckets followed by, per bucket in
    /// ascending index order, the zig-zag varint index delta from the previous bucket (from 0 for the first)
    /// and the count. Equal contents give equal bytes.
    /// </summary>
    /// <returns>The bytes.</returns>
    public byte[] ToBytes()
    {
        // Sized exactly first, then written in place: windows are snapshotted for the changelog and emitted
        // by the million, so no growing list and no second copy.
        var length = 1 + 8 + VarintLength((ulong)Count) + VarintLength((ulong)ZeroCount) + (Count > 0 ? 16 : 0)
            + StoreLength(_positive) + StoreLength(_negative);
        var bytes = new byte[length];
        var position = 0;
        bytes[position++] = Version;
        WriteDouble(bytes, ref position, RelativeAccuracy);
        WriteVarint(bytes, ref position, (ulong)Count);
        WriteVarint(bytes, ref position, (ulong)ZeroCount);
        if (Count > 0)
        {
            WriteDouble(bytes, ref position, Min);
            WriteDouble(bytes, ref position, Max);
        }

        WriteStore(bytes, ref position, _positive);
        WriteStore(bytes, ref position, _negative);
        return bytes;
    }

    /// <summary>Reads a sketch written by <see cref="ToBytes"/>.</summary>
    /// <param name="bytes">The serialised sketch.</param>
    /// <returns>The sketch.</returns>
    /// <exception cref="FormatException">The bytes are not a valid <see cref="Format"/> sketch.</exception>
    public static QuantileSketch FromBytes(ReadOnlySpan<byte> bytes)
    {
        var position = 0;
        try
        {
            if (bytes.Length < 9 || bytes[0] != Version)
            {
                throw new FormatException($"not a {Format} sketch (version byte {(bytes.Length > 0 ? bytes[0] : -1)})");
            }

            position = 1;
            var sketch = new QuantileSketch(ReadDouble(bytes, ref position));
            var count = (long)ReadVarint(bytes, ref position);
            sketch.ZeroCount = (long)ReadVarint(bytes, ref position);
            if (count > 0)
            {
                sketch.Min = ReadDouble(bytes, ref position);
                sketch.Max = ReadDouble(bytes, ref position);
            }

            ReadStore(bytes, ref position, ref sketch._positive);
            ReadStore(bytes, ref position, ref sketch._negative);
            sketch.Count = count;
            if (position != bytes.Length)
            {
                throw new FormatException($"{bytes.Length - position} trailing bytes after a {Format} sketch");
            }

            return sketch;
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new FormatException($"truncated or corrupt {Format} sketch at byte {position}", ex);
        }
    }

    private static int StoreLength(in BucketStore store)
    {
        var length = 0;
        var buckets = 0;
        var previous = 0;
        for (var i = store.MinIndex; i <= store.MaxIndex; i = store.NextIndex(i))
        {
            var count = store[i];
            if (count != 0)
            {
                length += VarintLength(ZigZag((long)i - previous)) + VarintLength((ulong)count);
                buckets++;
                previous = i;
            }
        }

        return length + VarintLength((ulong)buckets);
    }

    private static void WriteStore(Span<byte> bytes, ref int position, in BucketStore store)
    {
        WriteVarint(bytes, ref position, (ulong)store.NonEmptyBuckets());
        var previous = 0;
        for (var i = store.MinIndex; i <= store.MaxIndex; i = store.NextIndex(i))
        {
            var count = store[i];
            if (count != 0)
            {
                WriteVarint(bytes, ref position, ZigZag((long)i - previous));
                WriteVarint(bytes, ref position, (ulong)count);
                previous = i;
            }
        }
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static void ReadStore(ReadOnlySpan<byte> bytes, ref int position, ref BucketStore store)
    {
        var buckets = ReadVarint(bytes, ref position);
        long index = 0;
        for (ulong b = 0; b < buckets; b++)
        {
            var zigzag = ReadVarint(bytes, ref position);
            index = checked(index + ((long)(zigzag >> 1) ^ -(long)(zigzag & 1)));
            store.Add(checked((int)index), checked((long)ReadVarint(bytes, ref position)));
        }
    }

    private static void WriteDouble(Span<byte> bytes, ref int position, double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(bytes[position..], value);
        position += 8;
    }

    private static double ReadDouble(ReadOnlySpan<byte> bytes, ref int position)
    {
        var value = BinaryPrimitives.ReadDoubleLittleEndian(bytes.Slice(position, 8));
        position += 8;
        return value;
    }

    private static void WriteVarint(Span<byte> bytes, ref int position, ulong value)
    {
        while (value >= 0x80)
        {
            bytes[position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        bytes[position++] = (byte)value;
    }

    private static int VarintLength(ulong value)
    {
        var length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }

        return length;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException("varint longer than 10 bytes");
    }
}
