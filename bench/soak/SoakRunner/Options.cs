using System.Globalization;

namespace MetricStream.Bench.Soak;

/// <summary><c>--name value</c> pairs; a name may repeat.</summary>
internal sealed class Options
{
    private readonly List<(string Name, string Value)> _pairs = [];

    public static Options Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            }

            options._pairs.Add((args[i][2..], args[i + 1]));
        }

        return options;
    }

    public string? Value(string name) => _pairs.LastOrDefault(p => p.Name == name).Value;

    public string Required(string name) => Value(name) ?? throw new ArgumentException($"--{name} is required");

    public int Int(string name, int fallback) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public IEnumerable<string> All(string name) => _pairs.Where(p => p.Name == name).Select(p => p.Value);
}
