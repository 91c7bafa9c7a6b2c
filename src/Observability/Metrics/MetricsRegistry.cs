using MetricStream.Observability.Metrics.Internal;

namespace MetricStream.Observability.Metrics;

/// <summary>
/// A small metrics registry written out in the Prometheus text exposition format (version 0.0.4): counters
/// with labels, gauges read from callbacks, histograms with fixed buckets (with or without labels), and
/// collectors that write whole families from a component's snapshot at scrape time. Families are written in
/// registration order.
/// </summary>
/// <remarks>Thread-safe: metrics update with interlocked operations; registration and scrapes take a short lock.</remarks>
public sealed class MetricsRegistry
{
    private readonly List<IMetric> _metrics = [];
    private readonly Lock _lock = new();

    /// <summary>The content type of <see cref="Render"/>'s text.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

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
    public void Gauge(string name, string help, Func<double> read) => Add(new CallbackGauge(name, help, read));

    /// <summary>Registers a histogram with the given upper bounds (seconds for latencies), plus +Inf.</summary>
    /// <param name="name">Metric name, e.g. <c>edge_produce_duration_seconds</c>.</param>
    /// <param name="help">One-line description.</param>
    /// <param name="bounds">Ascending bucket upper bounds.</param>
    /// <returns>The histogram.</returns>
    public Histogram Histogram(string name, string help, params double[] bounds) => Add(new Histogram(name, help, bounds));

    /// <summary>Registers a histogram with labels; each label value combination gets the same buckets.</summary>
    /// <param name="name">Metric name, e.g. <c>registry_http_request_duration_seconds</c>.</param>
    /// <param name="help">One-line description.</param>
    /// <param name="labelNames">Label names.</param>
    /// <param name="bounds">Ascending bucket upper bounds.</param>
    /// <returns>The family; take a series with <see cref="HistogramFamily.WithLabels"/>.</returns>
    public HistogramFamily Histogram(string name, string help, string[] labelNames, params double[] bounds) =>
        Add(new HistogramFamily(name, help, labelNames, bounds));

    /// <summary>
    /// Registers a callback that writes whole families at each scrape (for figures another component keeps, read
    /// through its snapshot). It must be cheap and thread-safe; it runs on the scraping thread.
    /// </summary>
    /// <param name="collect">Writes families with <see cref="MetricsWriter.Family"/> and their samples.</param>
    public void Collector(Action<MetricsWriter> collect)
    {
        ArgumentNullException.ThrowIfNull(collect);
        Add(new Collector(collect));
    }

    /// <summary>Writes every metric in the text exposition format.</summary>
    /// <returns>The text (content type <see cref="ContentType"/>).</returns>
    public string Render()
    {
        var writer = new MetricsWriter();
        WriteTo(writer);
        return writer.ToString();
    }

    /// <summary>Writes every metric to <paramref name="writer"/> (several registries can share one scrape).</summary>
    /// <param name="writer">The scrape's writer.</param>
    public void WriteTo(MetricsWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        IMetric[] metrics;
        lock (_lock)
        {
            metrics = [.. _metrics];
        }

        foreach (var metric in metrics)
        {
            metric.Write(writer);
        }
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
}
