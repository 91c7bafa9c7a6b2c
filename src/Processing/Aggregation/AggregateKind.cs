namespace MetricStream.Processing.Aggregation;

/// <summary>
/// An aggregate a window-aggregate processor writes into each <c>WindowAggregate</c>. Names in topology
/// files are the lower-case member names (<c>count</c>, <c>p99</c>, ...; see <see cref="Aggregates"/>).
/// Every aggregate merges exactly when rollups are built from rollups, except that <see cref="Sum"/> and
/// <see cref="Mean"/> are subject to floating-point rounding and the quantiles to the sketch's bound.
/// </summary>
public enum AggregateKind
{
    /// <summary>Number of values. Always written (the record's count is required and at least 1).</summary>
    Count,

    /// <summary>Sum of the values (long fields converted to double).</summary>
    Sum,

    /// <summary>Smallest value.</summary>
    Min,

    /// <summary>Largest value.</summary>
    Max,

    /// <summary>Sum divided by count (computed at emit time, so means of rollups are exact means, not means of means).</summary>
    Mean,

    /// <summary>The value with the latest event time; on equal event times, the one processed last.</summary>
    Last,

    /// <summary>Median, estimated from the quantile sketch.</summary>
    P50,

    /// <summary>95th percentile, estimated from the quantile sketch.</summary>
    P95,

    /// <summary>99th percentile, estimated from the quantile sketch.</summary>
    P99,
}
