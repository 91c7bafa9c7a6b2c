using System.Text;
using MetricStream.Avro.Records;

namespace MetricStream.Edge.Tests.Support;

/// <summary>
/// Random points from a seeded <see cref="Random"/>, with names drawn from an alphabet full of the
/// characters line protocol has to escape (comma, equals, space, quote, backslash, '#') and non-ASCII text.
/// </summary>
internal sealed class PointGenerator(int seed)
{
    private const string NameAlphabet = "abcxyzABC019_-.:/,= \"\\#é東😀";
    private const string StringAlphabet = "ab ,=\"\\'#\té東😀";
    private readonly Random _random = new(seed);

    public Random Random => _random;

    public MetricPoint Next()
    {
        var point = new MetricPoint { Measurement = Name() };
        var tagKeys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = _random.Next(0, 5); i > 0; i--)
        {
            var key = Name();
            if (tagKeys.Add(key))
            {
                point.AddTag(key, Name());
            }
        }

        var fieldNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = _random.Next(1, 6); i > 0; i--)
        {
            var name = Name();
            if (fieldNames.Add(name))
            {
                point.AddField(name, Value());
            }
        }

        point.TimestampNanos = _random.NextInt64(long.MinValue, long.MaxValue);
        return point;
    }

    public FieldValue Value() => _random.Next(4) switch
    {
        0 => FieldValue.Of(Double()),
        1 => FieldValue.Of(_random.Next(3) == 0 ? (_random.Next(2) == 0 ? long.MinValue : long.MaxValue) : _random.NextInt64(long.MinValue, long.MaxValue)),
        2 => FieldValue.Of(_random.Next(2) == 0),
        _ => FieldValue.Of(Text(StringAlphabet, 0, 12)),
    };

    private double Double()
    {
        while (true)
        {
            var value = _random.Next(4) switch
            {
                0 => BitConverter.Int64BitsToDouble(_random.NextInt64()),
                1 => _random.NextDouble() * 1000,
                2 => -_random.Next(1_000_000),
                _ => double.Epsilon * _random.Next(1, 100),
            };
            if (double.IsFinite(value))
            {
                return value;
            }
        }
    }

    private string Name()
    {
        while (true)
        {
            var name = Text(NameAlphabet, 1, 10);

            // Names line protocol cannot carry (see LineProtocolFormatter): regenerate.
            if (!name.EndsWith('\\') && !name.Contains("\\,", StringComparison.Ordinal) && !name.Contains("\\=", StringComparison.Ordinal)
                && !name.Contains("\\ ", StringComparison.Ordinal) && !name.StartsWith('#'))
            {
                return name;
            }
        }
    }

    private string Text(string alphabet, int min, int max)
    {
        var text = new StringBuilder();
        var runes = alphabet.EnumerateRunes().ToArray();
        for (var i = _random.Next(min, max + 1); i > 0; i--)
        {
            text.Append(runes[_random.Next(runes.Length)].ToString());
        }

        return text.ToString();
    }
}
