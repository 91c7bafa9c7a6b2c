namespace MetricStream.Avro.Internal;

/// <summary>
/// The CRC-64-AVRO Rabin fingerprint of the specification ("Schema Fingerprints"): the table is built
/// from the polynomial constant <see cref="Empty"/>, which is also the fingerprint of empty input.
/// </summary>
internal static class Crc64Avro
{
    /// <summary>The fingerprint of zero bytes, and the polynomial's constant.</summary>
    public const ulong Empty = 0xc15d213aa4d7a795UL;

    private static readonly ulong[] Table = BuildTable();

    public static long Compute(ReadOnlySpan<byte> data)
    {
        var fp = Empty;
        foreach (var b in data)
        {
            fp = (fp >> 8) ^ Table[(int)(fp ^ b) & 0xff];
        }

        return unchecked((long)fp);
    }

    private static ulong[] BuildTable()
    {
        var table = new ulong[256];
        for (var i = 0; i < 256; i++)
        {
            var fp = (ulong)i;
            for (var j = 0; j < 8; j++)
            {
                // Shift right one bit and xor the polynomial when the bit shifted out was set.
                fp = (fp >> 1) ^ (Empty & (0UL - (fp & 1)));
            }

            table[i] = fp;
        }

        return table;
    }
}
