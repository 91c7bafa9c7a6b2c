namespace MetricStream.Observability.Metrics;

/// <summary>One sample as a <see cref="MetricsWriter"/> wrote it.</summary>
/// <param name="Family">The family's name.</param>
/// <param name="Type">The family's type.</param>
/// <param name="Name">The sample's name: the family's, or for histograms <c>_bucket</c>, <c>_sum</c>, <c>_count</c> after it.</param>
/// <param name="Labels">Label names and values (unescaped).</param>
/// <param name="Value">The value.</param>
public sealed record MetricSample(string Family, MetricType Type, string Name, IReadOnlyList<(string Name, string Value)> Labels, double Value);
