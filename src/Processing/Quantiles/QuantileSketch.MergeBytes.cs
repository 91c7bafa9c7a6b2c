namespace MetricStream.Processing.Quantiles;

/// <summary>Merging a serialised sketch without materialising it (rollups of rollups merge one per input record).</summary>
public sealed partial class QuantileSketch
{
    /// <summary>
    /// Adds every value of the sketch serialised in <paramref name="bytes"/> (by <see cref="ToBytes"/>) to this sketch:
    /// the same result as <c>Merge(FromBytes(bytes))</c>, without allocating the intermediate sketch. The bytes are
    /// checked whole before anything is added, so invalid input leaves this sketch unchanged.
    /// </summary>
    /// <param name="bytes">A serialised sketch with the same <see cref="RelativeAccuracy"/>.</param>
    /// <exception cref="FormatException">The bytes are not a valid <see cref="Format"/> sketch.</exception>
    /// <exception cref="ArgumentException">The accuracies differ (bucket boundaries would not line up).</exception>
    public void MergeBytes(ReadOnlySpan<byte> bytes)
    {
        var position = 0;
        double alpha, min = double.NaN, max = double.NaN;
        long count, zeroCount;
        int stores;
        try
        {
            if (bytes.Length < 9 || bytes[0] != Version)
            {
                throw new FormatException($"not a {Format} sketch (version byte {(bytes.Length > 0 ? bytes[0] : -1)})");
            }

            position = 1;
            alpha = ReadDouble(bytes, ref position);
            count = (long)ReadVarint(bytes, ref position);
            zeroCount = (long)ReadVarint(bytes, ref position);
            if (count > 0)
            {
                min = ReadDouble(bytes, ref position);
                max = ReadDouble(bytes, ref position);
            }

            stores = position;
            SkipStore(bytes, ref position);
            SkipStore(bytes, ref position);
            if (position != bytes.Length)
            {
                throw new FormatException($"{bytes.Length - position} trailing bytes after a {Format} sketch");
            }
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new FormatException($"truncated or corrupt {Format} sketch at byte {position}", ex);
        }

        if (!(alpha > 0 && alpha <= 0.5))
        {
            throw new FormatException($"not a {Format} sketch (relative accuracy {alpha})");
        }

        if (alpha != RelativeAccuracy)
        {
            throw new ArgumentException($"cannot merge a sketch of accuracy {alpha} into one of {RelativeAccuracy}", nameof(bytes));
        }

        if (count == 0)
        {
            return;
        }

        position = stores;
        ReadStore(bytes, ref position, ref _positive);
        ReadStore(bytes, ref position, ref _negative);
        ZeroCount += zeroCount;
        Min = Count == 0 ? min : Math.Min(Min, min);
        Max = Count == 0 ? max : Math.Max(Max, max);
        Count += count;
    }

    /// <summary>Reads past one store with the checks <see cref="ReadStore"/> makes, adding nothing.</summary>
    private static void SkipStore(ReadOnlySpan<byte> bytes, ref int position)
    {
        var buckets = ReadVarint(bytes, ref position);
        long index = 0;
        for (ulong b = 0; b < buckets; b++)
        {
            var zigzag = ReadVarint(bytes, ref position);
            index = checked(index + ((long)(zigzag >> 1) ^ -(long)(zigzag & 1)));
            _ = checked((int)index);
            _ = checked((long)ReadVarint(bytes, ref position));
        }
    }
}
