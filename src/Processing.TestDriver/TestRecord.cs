using MetricStream.Avro.Binary;
using MetricStream.Avro.Records;
using MetricStream.Processing.Topology;

namespace MetricStream.Processing.TestDriver;

/// <summary>
/// A record written to an output topic by a <see cref="TopologyTestDriver"/>: key, event time and the
/// value as Avro binary (the body of the Confluent wire format, without its 5-byte header), exactly as
/// the runtime would produce it. Decode it with <see cref="AsAggregate"/> or <see cref="AsPoint"/>.
/// </summary>
public sealed class TestRecord
{
    internal TestRecord(string topic, string key, StreamValueKind kind, byte[] valueBytes, DateTimeOffset timestamp)
    {
        Topic = topic;
        Key = key;
        Kind = kind;
        ValueBytes = valueBytes;
        Timestamp = timestamp;
    }

    /// <summary>The topic it was written to.</summary>
    public string Topic { get; }

    /// <summary>The series key.</summary>
    public string Key { get; }

    /// <summary>Whether the value is a point or an aggregate.</summary>
    public StreamValueKind Kind { get; }

    /// <summary>The Avro-encoded value (schema <c>metric-point.avsc</c> or <c>window-aggregate.avsc</c>).</summary>
    public ReadOnlyMemory<byte> ValueBytes { get; }

    /// <summary>The record's event time (for aggregates: window end minus 1 ms).</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Decodes the value as an aggregate.</summary>
    /// <returns>A new aggregate.</returns>
    /// <exception cref="InvalidOperationException">The value is a point.</exception>
    public WindowAggregate AsAggregate()
    {
        if (Kind != StreamValueKind.Aggregate)
        {
            throw new InvalidOperationException($"record on '{Topic}' holds a {SchemaNames.Name(Kind)}, not a window-aggregate");
        }

        var reader = new AvroBinaryReader(ValueBytes.Span);
        var aggregate = new WindowAggregate();
        WindowAggregateCodec.Read(ref reader, aggregate);
        return aggregate;
    }

    /// <summary>Decodes the value as an alert transition (schema <c>alert-event.avsc</c>).</summary>
    /// <returns>A new record; <see cref="Alerts.AlertEventRecords.StateOf"/> gives its state.</returns>
    /// <exception cref="InvalidOperationException">The value is not an alert event.</exception>
    public Avro.Generic.GenericRecord AsAlert() =>
        Kind == StreamValueKind.Alert
            ? Alerts.AlertEventRecords.Read(ValueBytes.Span)
            : throw new InvalidOperationException($"record on '{Topic}' holds a {SchemaNames.Name(Kind)}, not an alert-event");

    /// <summary>Decodes the value as a point.</summary>
    /// <returns>A new point.</returns>
    /// <exception cref="InvalidOperationException">The value is an aggregate.</exception>
    public MetricPoint AsPoint()
    {
        if (Kind != StreamValueKind.Point)
        {
            throw new InvalidOperationException($"record on '{Topic}' holds a {SchemaNames.Name(Kind)}, not a metric-point");
        }

        var reader = new AvroBinaryReader(ValueBytes.Span);
        var point = new MetricPoint();
        MetricPointCodec.Read(ref reader, point);
        return point;
    }
}
