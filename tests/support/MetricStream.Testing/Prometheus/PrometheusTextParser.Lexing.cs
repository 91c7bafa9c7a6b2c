using System.Globalization;
using System.Text;

namespace MetricStream.Testing.Prometheus;

/// <summary>Label sets, values and HELP text: the character-level rules of the format.</summary>
public static partial class PrometheusTextParser
{
    private static int ParseLabels(string line, int pos, Dictionary<string, string> labels, string at)
    {
        while (true)
        {
            if (pos < line.Length && line[pos] == '}' && labels.Count == 0)
            {
                return pos + 1;
            }

            var eq = line.IndexOf('=', pos);
            if (eq < 0)
            {
                throw new FormatException($"{at}: label without '='");
            }

            var name = line[pos..eq];
            if (!LabelName().IsMatch(name) || name.StartsWith("__", StringComparison.Ordinal))
            {
                throw new FormatException($"{at}: invalid label name '{name}'");
            }

            if (eq + 1 >= line.Length || line[eq + 1] != '"')
            {
                throw new FormatException($"{at}: label {name}'s value must be quoted");
            }

            var value = new StringBuilder();
            pos = eq + 2;
            while (true)
            {
                if (pos >= line.Length)
                {
                    throw new FormatException($"{at}: unterminated value of label {name}");
                }

                var c = line[pos++];
                if (c == '"')
                {
                    break;
                }

                if (c == '\\')
                {
                    var next = pos < line.Length ? line[pos++] : ' ';
                    value.Append(next switch
                    {
                        '\\' => '\\',
                        '"' => '"',
                        'n' => '\n',
                        _ => throw new FormatException($"{at}: invalid escape '\\{next}' in label {name}"),
                    });
                }
                else
                {
                    value.Append(c);
                }
            }

            if (!labels.TryAdd(name, value.ToString()))
            {
                throw new FormatException($"{at}: label {name} repeated");
            }

            if (pos < line.Length && line[pos] == ',')
            {
                pos++;
                continue;
            }

            if (pos < line.Length && line[pos] == '}')
            {
                return pos + 1;
            }

            throw new FormatException($"{at}: expected ',' or '}}' after label {name}");
        }
    }

    private static double ParseValue(string text, string at) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when FloatText().IsMatch(text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => throw new FormatException($"{at}: invalid value '{text}'"),
    };

    private static string UnescapeHelp(string help, string at)
    {
        var text = new StringBuilder();
        for (var i = 0; i < help.Length; i++)
        {
            if (help[i] != '\\')
            {
                text.Append(help[i]);
                continue;
            }

            var next = i + 1 < help.Length ? help[++i] : ' ';
            text.Append(next switch
            {
                '\\' => '\\',
                'n' => '\n',
                _ => throw new FormatException($"{at}: invalid escape '\\{next}' in HELP"),
            });
        }

        return text.ToString();
    }
}
