using MetricStream.Avro.Records;
using MetricStream.Processing.Aggregation;

namespace MetricStream.Processing.Alerts.Internal;

/// <summary>Reads one aggregate out of a window aggregate.</summary>
internal static class AggregateValue
{
    public static double Of(WindowAggregate aggregate, AggregateKind kind) => kind switch
    {
        AggregateKind.Count => aggregate.Count,
        AggregateKind.Sum => aggregate.Sum,
        AggregateKind.Min => aggregate.Min,
        AggregateKind.Max => aggregate.Max,
        AggregateKind.Mean => aggregate.Mean,
        AggregateKind.Last => aggregate.Last,
        AggregateKind.P50 => aggregate.P50,
        AggregateKind.P95 => aggregate.P95,
        _ => aggregate.P99,
    };

    /// <summary>The record time of a window on the rollup topics: its end minus 1 ms.</summary>
    public static DateTimeOffset RecordTime(WindowAggregate aggregate) => aggregate.WindowEnd.AddMilliseconds(-1);
}
