namespace MetricStream.Observability.Metrics;

/// <summary>The type of a metric family, as written on its <c># TYPE</c> line.</summary>
public enum MetricType
{
    /// <summary>A value that only goes up (resets when the process restarts); names end in <c>_total</c>.</summary>
    Counter,

    /// <summary>A value that goes up and down, read at scrape time.</summary>
    Gauge,

    /// <summary>Cumulative buckets (<c>_bucket{le}</c>) with <c>_sum</c> and <c>_count</c>.</summary>
    Histogram,
}
