using System.Text;
using MetricStream.Avro.Records;

namespace MetricStream.Edge.LineProtocol.Internal;

/// <summary>Per-thread parser state: the point being filled, an unescape buffer and a string cache. Not thread-safe.</summary>
internal sealed class ParserScratch
{
    /// <summary>Which characters a backslash escapes in each element.</summary>
    public enum Escapes
    {
        Measurement,
        Key,
    }

    private readonly Utf8StringPool _strings = new(8192, 128);
    private byte[] _buffer = new byte[256];

    public MetricPoint Point { get; } = new();

    public string GetString(ReadOnlySpan<byte> raw, bool escaped, Escapes escapes)
    {
        if (!escaped)
        {
            return _strings.GetString(raw);
        }

        var output = Buffer(raw.Length);
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            if (b == (byte)'\\' && i + 1 < raw.Length && IsEscaped(raw[i + 1], escapes))
            {
                b = raw[++i];
            }

            output[length++] = b;
        }

        return _strings.GetString(output.AsSpan(0, length));
    }

    public string GetStringValue(ReadOnlySpan<byte> raw, bool escaped)
    {
        if (!escaped)
        {
            return raw.Length <= 32 ? _strings.GetString(raw) : Encoding.UTF8.GetString(raw);
        }

        var output = Buffer(raw.Length);
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            if (b == (byte)'\\' && i + 1 < raw.Length && raw[i + 1] is (byte)'"' or (byte)'\\')
            {
                b = raw[++i];
            }

            output[length++] = b;
        }

        return Encoding.UTF8.GetString(output, 0, length);
    }

    private static bool IsEscaped(byte b, Escapes escapes) =>
        b is (byte)',' or (byte)' ' || (b == (byte)'=' && escapes == Escapes.Key);

    private byte[] Buffer(int length)
    {
        if (_buffer.Length < length)
        {
            _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
        }

        return _buffer;
    }
}
