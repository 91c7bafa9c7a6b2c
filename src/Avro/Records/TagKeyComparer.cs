namespace MetricStream.Avro.Records;

/// <summary>
/// Orders tag keys by Unicode code point, which is also the order of their UTF-8 bytes, so every
/// language sorts series tags the same way (ordinal UTF-16 order differs for characters above
/// U+E000 versus supplementary characters). Used when writing tags and to build series keys.
/// </summary>
public sealed class TagKeyComparer : IComparer<Tag>, IComparer<string>
{
    private TagKeyComparer()
    {
    }

    /// <summary>The shared instance.</summary>
    public static TagKeyComparer Instance { get; } = new();

    /// <summary>Compares two tags by key.</summary>
    /// <param name="x">The first tag.</param>
    /// <param name="y">The second tag.</param>
    /// <returns>Negative, zero or positive as <paramref name="x"/>'s key sorts before, with, or after <paramref name="y"/>'s.</returns>
    public int Compare(Tag x, Tag y) => Compare(x.Key, y.Key);

    /// <summary>Compares two strings by Unicode code point.</summary>
    /// <param name="x">The first string.</param>
    /// <param name="y">The second string.</param>
    /// <returns>Negative, zero or positive.</returns>
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            if (x[i] != y[i])
            {
                return Fix(x[i]) - Fix(y[i]);
            }
        }

        return x.Length - y.Length;
    }

    /// <summary>Moves surrogates (U+D800-DFFF) above U+E000-FFFF, turning UTF-16 order into code point order.</summary>
    private static int Fix(char c) => c < 0xD800 ? c : c >= 0xE000 ? c - 0x800 : c + 0x2000;
}
