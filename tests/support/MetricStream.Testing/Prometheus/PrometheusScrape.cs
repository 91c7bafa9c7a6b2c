namespace MetricStream.Testing.Prometheus;

/// <summary>One sample line: name, labels and value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>True when every given label has the given value.</summary>
    public bool Has(params (string Name, string Value)[] labels) =>
        labels.All(l => Labels.TryGetValue(l.Name, out var v) && v == l.Value);
}

/// <summary>A metric family: its HELP, TYPE and samples, in the order written.</summary>
public sealed record PrometheusFamily(string Name, string Help, string Type, IReadOnlyList<PrometheusSample> Samples);

/// <summary>A parsed scrape: families by name.</summary>
public sealed class PrometheusScrape(IReadOnlyDictionary<string, PrometheusFamily> families)
{
    /// <summary>Families by name.</summary>
    public IReadOnlyDictionary<string, PrometheusFamily> Families { get; } = families;

    /// <summary>The value of the one sample named <paramref name="name"/> with <paramref name="labels"/>; throws when there is none or several.</summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        var matches = Families.Values.SelectMany(f => f.Samples).Where(s => s.Name == name && s.Has(labels)).ToList();
        return matches.Count == 1
            ? matches[0].Value
            : throw new InvalidOperationException($"{matches.Count} samples {name}{{{string.Join(',', labels.Select(l => $"{l.Name}={l.Value}"))}}}");
    }

    /// <summary>Every sample named <paramref name="name"/> (across families).</summary>
    public IEnumerable<PrometheusSample> Samples(string name) =>
        Families.Values.SelectMany(f => f.Samples).Where(s => s.Name == name);
}
