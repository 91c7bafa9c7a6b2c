using System.Globalization;
using System.Text;

namespace MetricStream.Edge.Metrics;

/// <summary>
/// A small metrics registry written out in the Prometheus text exposition format (version 0.0.4): counters
/// with labels, gauges read from callbacks, and histograms with fixed buckets. Thread-safe: counters and
/// histogram buckets are updated with interlocked operations; registration takes a lock.
/// </summary>
public sealed class MetricsRegistry
{
    private readonly List<IMetric> _metrics = [];
    private readonly Lock _lock = new();

    /// <summary>Registers a counter; <paramref name="labelNames"/> are the names of its labels, in order.</summary>
    /// <param name="name">Metric name, e.g. <c>edge_http_requests_total</c>.</param>
    /// <param name="help">One-line description.</param>
    /// <param name="labelNames">Label names.</param>
    /// <returns>The counter.</returns>
    public Counter Counter(string name, string help, params string[] labelNames) => Add(new Counter(name, help, labelNames));

    /// <summary>Registers a gauge whose value is read from <paramref name="read"/> at each scrape.</summary>
    /// <param name="name">Metric name.</param>
    /// <param name="help">One-line description.</param>
    /// <param name="read">Returns the current value.</param>
    public void Gauge(string name, string help, Func<double> read) => Add(new Gauge(name, help, read));

    /// <summary>Registers a histogram with the given upper bounds (seconds for latencies), plus +Inf.</summary>
    /// <param name="name">Metric name, e.g. <c>edge_produce_duration_seconds</c>.</param>
    /// <param name="help">One-line description.</param>
    /// <param name="bounds">Ascending bucket upper bounds.</param>
    /// <returns>The histogram.</returns>
    public Histogram Histogram(string name, string help, params double[] bounds) => Add(new Histogram(name, help, bounds));

    /// <summary>Writes every metric in the text exposition format.</summary>
    /// <returns>The text (content type <c>text/plain; version=0.0.4</c>).</returns>
    public string Render()
    {
        var text = new StringBuilder();
        IMetric[] metrics;
        lock (_lock)
        {
            metrics = [.. _metrics];
        }

        foreach (var metric in metrics)
        {
            metric.Render(text);
        }

        return text.ToString();
    }

    private T Add<T>(T metric)
        where T : IMetric
    {
        lock (_lock)
        {
            _metrics.Add(metric);
        }

        return metric;
    }

    /// <summary>Formats a sample value as Prometheus does (invariant, <c>+Inf</c>, <c>NaN</c>).</summary>
    internal static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Escapes a label value: backslash, double quote and line feed.</summary>
    internal static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    internal static void Header(StringBuilder text, string name, string help, string type) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
}
