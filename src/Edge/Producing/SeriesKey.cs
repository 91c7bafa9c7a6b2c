using System.Text;
using MetricStream.Avro.Records;

namespace MetricStream.Edge.Producing;

/// <summary>
/// The per-series key: the UTF-8 of tenant, measurement and each tag key and value in key order, each
/// followed by a 0 byte (<c>tenant\0measurement\0k1\0v1\0...</c>). Validation forbids control characters in all
/// of them, so the encoding is unambiguous. Partitioning by it sends one series (of one tenant) always to
/// one partition; a tenant-only key would make a hot tenant a hot partition.
/// </summary>
public static class SeriesKey
{
    /// <summary>Writes the key of <paramref name="point"/> (tags must already be sorted by key) into <paramref name="buffer"/>, growing it as needed.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="point">The point (its own tenant is ignored).</param>
    /// <param name="buffer">A reusable buffer; replaced by a larger one when too small.</param>
    /// <returns>The number of key bytes written at the start of <paramref name="buffer"/>.</returns>
    public static int Write(string tenant, MetricPoint point, ref byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(buffer);
        var max = (tenant.Length + point.Measurement.Length + 2) * 3;
        foreach (var tag in point.Tags)
        {
            max += (tag.Key.Length + tag.Value.Length + 2) * 3;
        }

        if (buffer.Length < max)
        {
            buffer = new byte[Math.Max(max, buffer.Length * 2)];
        }

        var span = buffer.AsSpan();
        var n = Append(span, 0, tenant);
        n = Append(span, n, point.Measurement);
        foreach (var tag in point.Tags)
        {
            n = Append(span, n, tag.Key);
            n = Append(span, n, tag.Value);
        }

        return n;
    }

    /// <summary>A 64-bit FNV-1a hash of a series key, for in-memory series sets (not stable across versions).</summary>
    /// <param name="key">The key bytes.</param>
    /// <returns>The hash.</returns>
    public static ulong Hash64(ReadOnlySpan<byte> key)
    {
        var h = 14695981039346656037UL;
        foreach (var b in key)
        {
            h = (h ^ b) * 1099511628211UL;
        }

        return h;
    }

    private static int Append(Span<byte> buffer, int at, string text)
    {
        at += Encoding.UTF8.GetBytes(text, buffer[at..]);
        buffer[at] = 0;
        return at + 1;
    }
}
