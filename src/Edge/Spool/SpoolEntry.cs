using MetricStream.Edge.Producing;

namespace MetricStream.Edge.Spool;

/// <summary>One spooled request read back: its records in the order they were appended, and where the next entry starts.</summary>
/// <param name="Records">The request's records.</param>
/// <param name="Next">The position after this entry (pass it to <see cref="SpoolLog.Acknowledge"/> once Kafka has the records).</param>
public readonly record struct SpoolEntry(IReadOnlyList<EncodedRecord> Records, SpoolPosition Next);
