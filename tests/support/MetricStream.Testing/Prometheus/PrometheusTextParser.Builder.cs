using System.Globalization;

namespace MetricStream.Testing.Prometheus;

public static partial class PrometheusTextParser
{
    /// <summary>A family being read: checks its samples' names, series uniqueness and (at the end) histogram consistency.</summary>
    private sealed class Builder(string name)
    {
        private readonly HashSet<string> _series = new(StringComparer.Ordinal);

        public string Name { get; } = name;

        public string? Help { get; set; }

        public string? Type { get; set; }

        public List<PrometheusSample> Samples { get; } = [];

        public bool Owns(string sample) => Type == "histogram"
            ? sample == Name + "_bucket" || sample == Name + "_sum" || sample == Name + "_count"
            : Type == "summary" ? sample == Name || sample == Name + "_sum" || sample == Name + "_count" : sample == Name;

        public void Add(PrometheusSample sample, string at)
        {
            var key = sample.Name + "{" + string.Join(',', sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";
            if (!_series.Add(key))
            {
                throw new FormatException($"{at}: series {key} repeated");
            }

            if (Type == "counter" && !(sample.Value >= 0))
            {
                throw new FormatException($"{at}: a counter must be a non-negative number");
            }

            if (Type == "histogram" && (sample.Name == Name + "_bucket") != sample.Labels.ContainsKey("le"))
            {
                throw new FormatException($"{at}: the 'le' label belongs on _bucket samples only");
            }

            Samples.Add(sample);
        }

        public void Check()
        {
            if (Type != "histogram")
            {
                return;
            }

            foreach (var series in Samples.GroupBy(s => string.Join(',', s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))))
            {
                var buckets = series.Where(s => s.Name == Name + "_bucket").ToList();
                var count = series.Where(s => s.Name == Name + "_count").ToList();
                var sum = series.Where(s => s.Name == Name + "_sum").ToList();
                if (buckets.Count == 0 || count.Count != 1 || sum.Count != 1)
                {
                    throw new FormatException($"histogram {Name}{{{series.Key}}} needs buckets, one _sum and one _count");
                }

                var bounds = buckets.Select(b => b.Labels["le"] == "+Inf" ? double.PositiveInfinity : double.Parse(b.Labels["le"], CultureInfo.InvariantCulture)).ToList();
                for (var i = 1; i < buckets.Count; i++)
                {
                    if (!(bounds[i] > bounds[i - 1]) || buckets[i].Value < buckets[i - 1].Value)
                    {
                        throw new FormatException($"histogram {Name}{{{series.Key}}}: buckets must have rising bounds and cumulative counts");
                    }
                }

                if (!double.IsPositiveInfinity(bounds[^1]) || buckets[^1].Value != count[0].Value)
                {
                    throw new FormatException($"histogram {Name}{{{series.Key}}}: the last bucket must be +Inf and equal _count");
                }
            }
        }

        public PrometheusFamily Build() => new(Name, Help!, Type!, Samples);
    }
}
