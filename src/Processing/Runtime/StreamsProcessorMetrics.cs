namespace MetricStream.Processing.Runtime;

/// <summary>One topology processor, summed over the application's tasks, in a <see cref="StreamsMetricsSnapshot"/>.</summary>
/// <param name="Name">The processor's name in the topology.</param>
/// <param name="Type">Its type as written in topology files (source, filter, window-aggregate, sink, ...).</param>
/// <param name="RecordsIn">Records received.</param>
/// <param name="RecordsOut">Records forwarded or written.</param>
/// <param name="LateRecords">Window aggregates: records later than grace (alert processors: late aggregates); 0 for other types.</param>
/// <param name="WindowsOpened">Window aggregates: windows opened by data; 0 for other types.</param>
/// <param name="WindowsClosed">Window aggregates: windows closed and emitted; 0 for other types.</param>
/// <param name="WindowsClosedOnIdle">Window aggregates: windows closed by the idle rule; 0 for other types.</param>
/// <param name="SkippedValues">Window aggregates: NaN or infinite values skipped (joins: unmatched records).</param>
/// <param name="OpenWindows">Window aggregates: windows open now (a gauge); 0 for other types.</param>
public sealed record StreamsProcessorMetrics(
    string Name,
    string Type,
    long RecordsIn,
    long RecordsOut,
    long LateRecords,
    long WindowsOpened,
    long WindowsClosed,
    long WindowsClosedOnIdle,
    long SkippedValues,
    long OpenWindows);
