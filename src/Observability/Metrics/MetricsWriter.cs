using System.Globalization;
using System.Text;

namespace MetricStream.Observability.Metrics;

/// <summary>
/// Writes metric families in the Prometheus text exposition format (version 0.0.4): a <c># HELP</c> and a
/// <c># TYPE</c> line, then the family's samples. A family name is written once per scrape: when several sources
/// (e.g. the edge's registry and the host's) offer the same family, the first one wins and the later one's samples
/// are dropped, so a scrape never holds a family twice.
/// </summary>
/// <remarks>Not thread-safe: one writer per scrape.</remarks>
public sealed class MetricsWriter
{
    private readonly StringBuilder _text = new();
    private readonly HashSet<string> _families = new(StringComparer.Ordinal);
    private readonly List<MetricSample>? _captured;
    private readonly List<(string Name, MetricType Type)> _written = [];
    private string? _family;
    private MetricType _type;
    private bool _skipping = true;

    /// <summary>A writer of text only.</summary>
    public MetricsWriter()
    {
    }

    /// <summary>A writer that also keeps every sample it writes in <see cref="Captured"/> (for exporters other than the text).</summary>
    /// <param name="capture">Keep the samples.</param>
    public MetricsWriter(bool capture)
    {
        _captured = capture ? [] : null;
    }

    /// <summary>The samples written so far, when created with <c>capture: true</c>; otherwise empty.</summary>
    public IReadOnlyList<MetricSample> Captured => _captured ?? (IReadOnlyList<MetricSample>)[];

    /// <summary>The families written so far (duplicates skipped), in order, with their types.</summary>
    public IReadOnlyList<(string Name, MetricType Type)> Families => _written;

    /// <summary>
    /// Starts a family: writes its header unless a family of that name was already written, in which case the
    /// samples that follow (until the next family) are dropped.
    /// </summary>
    /// <param name="name">Family name, e.g. <c>edge_http_requests_total</c>.</param>
    /// <param name="help">One-line description.</param>
    /// <param name="type">The type.</param>
    /// <returns>True when the family is written; false when it is a duplicate and skipped.</returns>
    public bool Family(string name, string help, MetricType type)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(help);
        _family = name;
        _type = type;
        _skipping = !_families.Add(name);
        if (!_skipping)
        {
            _written.Add((name, type));
            _text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n')
                .Append("# TYPE ").Append(name).Append(' ').Append(TypeName(type)).Append('\n');
        }

        return !_skipping;
    }

    /// <summary>Writes a sample of the current family named like the family.</summary>
    /// <param name="value">The value.</param>
    /// <param name="labels">Label names and values.</param>
    public void Sample(double value, params (string Name, string Value)[] labels) =>
        Sample(_family ?? throw new InvalidOperationException("Call Family first"), value, labels);

    /// <summary>Writes a sample named <paramref name="name"/> (e.g. <c>x_bucket</c> of histogram <c>x</c>).</summary>
    /// <param name="name">Sample name.</param>
    /// <param name="value">The value.</param>
    /// <param name="labels">Label names and values (values are escaped here).</param>
    public void Sample(string name, double value, params (string Name, string Value)[] labels)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(labels);
        if (_skipping)
        {
            return;
        }

        _text.Append(name);
        if (labels.Length > 0)
        {
            _text.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                _text.Append(i == 0 ? string.Empty : ",").Append(labels[i].Name).Append("=\"").Append(Escape(labels[i].Value)).Append('"');
            }

            _text.Append('}');
        }

        _text.Append(' ').Append(Format(value)).Append('\n');
        _captured?.Add(new MetricSample(_family ?? name, _type, name, [.. labels], value)); // a copy: callers reuse label arrays
    }

    /// <summary>
    /// Writes the samples of one histogram series of the current family: <c>_bucket</c> per bound and <c>+Inf</c>,
    /// <c>_sum</c>, <c>_count</c>.
    /// </summary>
    /// <param name="bounds">Ascending upper bounds.</param>
    /// <param name="counts">Observations per bucket (not cumulative), one more than <paramref name="bounds"/> (the last is above every bound).</param>
    /// <param name="sum">Sum of the observations.</param>
    /// <param name="labels">The series' labels (<c>le</c> is added here).</param>
    public void Histogram(IReadOnlyList<double> bounds, IReadOnlyList<long> counts, double sum, params (string Name, string Value)[] labels)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(labels);
        if (counts.Count != bounds.Count + 1)
        {
            throw new ArgumentException($"{bounds.Count} bounds need {bounds.Count + 1} counts; got {counts.Count}", nameof(counts));
        }

        var family = _family ?? throw new InvalidOperationException("Call Family first");
        var withLe = new (string Name, string Value)[labels.Length + 1];
        labels.CopyTo(withLe, 0);
        long cumulative = 0;
        for (var i = 0; i <= bounds.Count; i++)
        {
            cumulative += counts[i];
            withLe[^1] = ("le", i < bounds.Count ? Format(bounds[i]) : "+Inf");
            Sample(family + "_bucket", cumulative, withLe);
        }

        Sample(family + "_sum", sum, labels);
        Sample(family + "_count", cumulative, labels);
    }

    /// <summary>The text written so far (content type <c>text/plain; version=0.0.4; charset=utf-8</c>).</summary>
    /// <returns>The exposition text.</returns>
    public override string ToString() => _text.ToString();

    /// <summary>Formats a sample value as Prometheus does: invariant culture, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Escapes a label value: backslash, double quote and line feed.</summary>
    /// <param name="value">The raw value.</param>
    /// <returns>The escaped value.</returns>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }

    // HELP text escapes only backslash and line feed.
    private static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Gauge => "gauge",
        MetricType.Histogram => "histogram",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown metric type"),
    };
}
