namespace MetricStream.Processing.Runtime;

/// <summary>
/// A point-in-time read of a <see cref="StreamsApplication"/>'s counters and gauges (see
/// <see cref="StreamsApplication.Snapshot"/>). Counters are monotonic over the application's life: a revoked
/// or lost task's counts stay in the totals, while <see cref="Partitions"/> lists only the partitions assigned
/// now. <see cref="RecordsIn"/>, <see cref="PointsIn"/>, <see cref="RecordsOut"/> and <see cref="DeadLetters"/>
/// are current; the window counters and <see cref="OpenWindows"/> are published by each task at most every
/// 250 ms while it processes and on every wall-clock tick, so they may lag by that much.
/// </summary>
/// <param name="ApplicationId">The consumer group (<see cref="StreamsApplication.ApplicationId"/>).</param>
/// <param name="Topology">The topology's name.</param>
/// <param name="RecordsIn">Kafka input records processed (decodable or not).</param>
/// <param name="PointsIn">Points in those records: a point batch counts its points, any other record 1.</param>
/// <param name="RecordsOut">Outputs sent to Kafka topics and external sinks, including copies sent to late topics; not dead letters or changelog records.</param>
/// <param name="DeadLetters">Records sent to the dead-letter topic (undecodable, or processing failed).</param>
/// <param name="LateRecords">Records later than a window's grace, over every window processor.</param>
/// <param name="WindowsOpened">Windows opened by data (per series, field and window), over every window processor; restored windows are not counted.</param>
/// <param name="WindowsClosed">Windows closed and emitted, including <paramref name="WindowsClosedOnIdle"/>.</param>
/// <param name="WindowsClosedOnIdle">Windows closed by the wall-clock idle rule.</param>
/// <param name="OpenWindows">Window state entries held now (a gauge).</param>
/// <param name="Restores">Tasks that restored their state from a changelog.</param>
/// <param name="RestoredWindows">Open windows those restores brought back.</param>
/// <param name="Commits">Offset commits made.</param>
/// <param name="Pauses">Times a partition was paused because its task's input was full.</param>
/// <param name="ProducerQueueFullRetries">Outputs retried because the producer's queue stayed full.</param>
/// <param name="AssignedPartitions">Tasks running now (a gauge).</param>
/// <param name="Partitions">One row per assigned partition, ordered by topic then partition.</param>
/// <param name="Processors">One row per topology processor, summed over every task, in topological order.</param>
public sealed record StreamsMetricsSnapshot(
    string ApplicationId,
    string Topology,
    long RecordsIn,
    long PointsIn,
    long RecordsOut,
    long DeadLetters,
    long LateRecords,
    long WindowsOpened,
    long WindowsClosed,
    long WindowsClosedOnIdle,
    long OpenWindows,
    long Restores,
    long RestoredWindows,
    long Commits,
    long Pauses,
    long ProducerQueueFullRetries,
    int AssignedPartitions,
    IReadOnlyList<StreamsPartitionMetrics> Partitions,
    IReadOnlyList<StreamsProcessorMetrics> Processors);
