using System.Collections.Frozen;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Records;

/// <summary>
/// The schemas of the product's topics, embedded in this assembly from the repository's
/// <c>schemas/*.avsc</c> files: the contract on every topic. Parsed once, on first use. Register
/// <see cref="Json"/> of a file (not the canonical form) so docs and logical types reach the registry.
/// </summary>
public static class ProductSchemas
{
    private static readonly FrozenDictionary<string, string> Texts = Load();
    private static readonly Lazy<FrozenDictionary<string, RecordSchema>> Parsed = new(() =>
        Texts.ToFrozenDictionary(p => p.Key, p => (RecordSchema)AvroSchema.Parse(p.Value), StringComparer.Ordinal));

    /// <summary>File names of the embedded schemas, e.g. <c>metric-point.avsc</c>.</summary>
    public static IEnumerable<string> FileNames => Texts.Keys;

    /// <summary><c>metric-point.avsc</c>: one point (<c>metricstream.MetricPoint</c>), for per-point topics.</summary>
    public static RecordSchema MetricPoint => Get("metric-point.avsc");

    /// <summary><c>point-batch.avsc</c>: the edge's batch record (<c>metricstream.PointBatch</c>), value of <c>metrics.points</c>.</summary>
    public static RecordSchema PointBatch => Get("point-batch.avsc");

    /// <summary><c>window-aggregate.avsc</c>: a window aggregate (<c>metricstream.WindowAggregate</c>), value of the rollup topics.</summary>
    public static RecordSchema WindowAggregate => Get("window-aggregate.avsc");

    /// <summary><c>alert-event.avsc</c>: an alert state transition (<c>metricstream.AlertEvent</c>), value of <c>alerts</c>.</summary>
    public static RecordSchema AlertEvent => Get("alert-event.avsc");

    /// <summary><c>alert-rule.avsc</c>: an alert rule (<c>metricstream.AlertRule</c>), value of <c>alert-rules</c>.</summary>
    public static RecordSchema AlertRule => Get("alert-rule.avsc");

    /// <summary><c>dead-letter.avsc</c>: a dead letter (<c>metricstream.DeadLetter</c>), value of <c>metrics.dead-letters</c>.</summary>
    public static RecordSchema DeadLetter => Get("dead-letter.avsc");

    /// <summary>Returns the parsed schema of an embedded file.</summary>
    /// <param name="fileName">e.g. <c>metric-point.avsc</c>.</param>
    /// <returns>The schema.</returns>
    /// <exception cref="KeyNotFoundException">No such embedded file.</exception>
    public static RecordSchema Get(string fileName) =>
        Parsed.Value.TryGetValue(fileName, out var schema) ? schema : throw new KeyNotFoundException($"no embedded schema '{fileName}'");

    /// <summary>Returns the text of an embedded file exactly as in the repository.</summary>
    /// <param name="fileName">e.g. <c>metric-point.avsc</c>.</param>
    /// <returns>The schema JSON.</returns>
    /// <exception cref="KeyNotFoundException">No such embedded file.</exception>
    public static string Json(string fileName) =>
        Texts.TryGetValue(fileName, out var text) ? text : throw new KeyNotFoundException($"no embedded schema '{fileName}'");

    private static FrozenDictionary<string, string> Load()
    {
        const string Prefix = "MetricStream.Avro.Schemas.";
        var assembly = typeof(ProductSchemas).Assembly;
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            texts[name[Prefix.Length..]] = reader.ReadToEnd();
        }

        return texts.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
