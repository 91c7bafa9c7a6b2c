namespace MetricStream.Processing.Alerts.Internal;

/// <summary>
/// The (rule, series) pairs of an evaluator whose last transition was Firing, kept from the events it returns,
/// and written after the rule states in its snapshot (readers of older snapshots stop before it). Not
/// thread-safe: owned by the evaluator.
/// </summary>
internal sealed class FiringSet
{
    private readonly Dictionary<(string Rule, string Series), FiringAlert> _alerts = [];

    public int Count => _alerts.Count;

    public IReadOnlyList<FiringAlert> ToList() => [.. _alerts.Values];

    public void Clear() => _alerts.Clear();

    /// <summary>Applies transitions; true when the set changed.</summary>
    public bool Observe(IReadOnlyList<AlertEvent> events)
    {
        var changed = false;
        foreach (var alert in events)
        {
            var key = (alert.RuleId, alert.SeriesKey);
            if (alert.State == AlertState.Firing)
            {
                _alerts[key] = new FiringAlert(alert.RuleId, alert.SeriesKey, alert.Tenant, Tags(alert.SeriesKey), alert.EventTime, alert.Value)
                {
                    Labels = alert.Labels,
                    Annotations = alert.Annotations,
                };
                changed = true;
            }
            else if (alert.State is AlertState.Resolved or AlertState.Inactive)
            {
                changed |= _alerts.Remove(key);
            }
        }

        return changed;
    }

    public void DropRule(string id)
    {
        foreach (var key in _alerts.Keys.Where(k => string.Equals(k.Rule, id, StringComparison.Ordinal)).ToList())
        {
            _alerts.Remove(key);
        }
    }

    public void Write(BinaryWriter writer, Func<string, string?> fingerprintOf)
    {
        writer.Write(_alerts.Count);
        foreach (var alert in _alerts.Values)
        {
            writer.Write(alert.RuleId);
            writer.Write(fingerprintOf(alert.RuleId) ?? string.Empty);
            writer.Write(alert.SeriesKey);
            writer.Write(alert.Tenant);
            writer.WriteTime(alert.Since);
            writer.Write(alert.Value);
            WritePairs(writer, alert.Labels);
            WritePairs(writer, alert.Annotations);
        }
    }

    /// <summary>Reads a <see cref="Write"/>; keeps only the alerts of rules whose fingerprint is still the same.</summary>
    public void Read(BinaryReader reader, Func<string, string?> fingerprintOf)
    {
        _alerts.Clear();
        for (var count = reader.ReadInt32(); count > 0; count--)
        {
            var rule = reader.ReadString();
            var fingerprint = reader.ReadString();
            var series = reader.ReadString();
            var alert = new FiringAlert(rule, series, reader.ReadString(), Tags(series), reader.ReadTime(), reader.ReadDouble())
            {
                Labels = ReadPairs(reader),
                Annotations = ReadPairs(reader),
            };
            if (string.Equals(fingerprintOf(rule), fingerprint, StringComparison.Ordinal))
            {
                _alerts[(rule, series)] = alert;
            }
        }
    }

    private static Dictionary<string, string> Tags(string seriesKey) =>
        SeriesKeyParts.Parse(seriesKey).Tags.ToDictionary(t => t.Key, t => t.Value as string ?? string.Empty, StringComparer.Ordinal);

    private static void WritePairs(BinaryWriter writer, IReadOnlyDictionary<string, string> pairs)
    {
        writer.Write(pairs.Count);
        foreach (var (key, value) in pairs)
        {
            writer.Write(key);
            writer.Write(value);
        }
    }

    private static Dictionary<string, string> ReadPairs(BinaryReader reader)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var count = reader.ReadInt32(); count > 0; count--)
        {
            pairs[reader.ReadString()] = reader.ReadString();
        }

        return pairs;
    }
}
