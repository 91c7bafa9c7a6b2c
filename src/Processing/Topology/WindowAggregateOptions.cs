using MetricStream.Processing.Quantiles;
using MetricStream.Processing.Windows;

namespace MetricStream.Processing.Topology;

/// <summary>Optional settings of a window-aggregate processor for <see cref="TopologyBuilder.WindowAggregate"/>.</summary>
public sealed class WindowAggregateOptions
{
    /// <summary>Field names to aggregate; empty (the default): every numeric field.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>The wall-clock idle rule; null (the default): windows close on stream time only.</summary>
    public IdleClose? Idle { get; init; }

    /// <summary>Topic for late records; default <c>metrics.late</c>.</summary>
    public string LateTopic { get; init; } = "metrics.late";

    /// <summary>Quantile sketch accuracy alpha; default 0.01. Ignored when no quantile is selected.</summary>
    public double RelativeAccuracy { get; init; } = QuantileSketch.DefaultRelativeAccuracy;
}
