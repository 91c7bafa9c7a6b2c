namespace MetricStream.Processing.Runtime;

/// <summary>One assigned input partition (one task) in a <see cref="StreamsMetricsSnapshot"/>.</summary>
/// <param name="Topic">The input topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="CommittedOffset">The next offset to read as last committed by this instance; -1 before its first commit.</param>
/// <param name="EndOffset">The partition's high watermark as last seen by the consumer (refreshed every commit interval, no broker call); -1 when unknown.</param>
/// <param name="Lag"><paramref name="EndOffset"/> minus <paramref name="CommittedOffset"/>; -1 when either is unknown.</param>
/// <param name="RecordsIn">Input records the task processed.</param>
/// <param name="PointsIn">Points in them.</param>
/// <param name="OpenWindows">Window state entries the task holds (a gauge).</param>
/// <param name="Paused">Whether the partition is paused because the task's input is full.</param>
public sealed record StreamsPartitionMetrics(
    string Topic,
    int Partition,
    long CommittedOffset,
    long EndOffset,
    long Lag,
    long RecordsIn,
    long PointsIn,
    long OpenWindows,
    bool Paused);
