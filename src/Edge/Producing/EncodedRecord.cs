namespace MetricStream.Edge.Producing;

/// <summary>
/// One Kafka record of a request, ready to produce: its target partition, its key (the series key of the
/// batch's first point) and its value (a <c>PointBatch</c> in the Confluent wire format). This is also what
/// the durable spool stores, so a replayed record is byte for byte the record the request would have produced.
/// </summary>
/// <param name="Partition">The target partition (murmur2 of the series key modulo the partition count at the time).</param>
/// <param name="Key">The record key, or null.</param>
/// <param name="Value">The record value.</param>
public readonly record struct EncodedRecord(int Partition, byte[]? Key, byte[] Value);
