using System.Text;
using Confluent.Kafka;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Records;
using MetricStream.Kafka.Producing;
using MetricStream.SchemaRegistry.Serdes;

namespace MetricStream.Sinks.DeadLetters;

/// <summary>
/// Publishes dead letters to a Kafka topic (default <c>metrics.dead-letters</c>) as the shared DeadLetter
/// Avro record (<c>dead-letter.avsc</c>) in the Confluent wire format: <c>value</c> holds the rejected line
/// protocol line (or another sink's payload), header <c>content-type</c> is <c>text/x-influx-line-protocol</c>
/// unless the letter names its own <see cref="InfluxDeadLetter.ContentType"/>, the Kafka key is the
/// tenant. Source topic/partition/offset are the record's when the caller gave them, else
/// <c>influxdb:&lt;destination&gt;</c>/-1/-1.
/// </summary>
public sealed class KafkaInfluxDeadLetterPublisher(DurableProducer producer, ConfluentAvroSerializer serializer, string topic = KafkaInfluxDeadLetterPublisher.DefaultTopic, TimeProvider? time = null) : IInfluxDeadLetterPublisher
{
    /// <summary>The default dead-letter topic.</summary>
    public const string DefaultTopic = "metrics.dead-letters";

    private static readonly byte[] ContentType = Encoding.ASCII.GetBytes("text/x-influx-line-protocol");
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <inheritdoc />
    public async Task PublishAsync(InfluxDeadLetter letter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var record = new GenericRecord(ProductSchemas.DeadLetter)
        {
            ["reason"] = letter.Reason,
            ["errorType"] = letter.ErrorType,
            ["stage"] = letter.Stage,
            ["sourceTopic"] = letter.Source.Topic ?? letter.Stage,
            ["sourcePartition"] = letter.Source.Partition,
            ["sourceOffset"] = letter.Source.Offset,
            ["sourceTimestamp"] = null,
            ["key"] = Encoding.UTF8.GetBytes(letter.Tenant),
            ["value"] = letter.Line.IsEmpty ? null : letter.Line.ToArray(),
            ["headers"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["content-type"] = letter.ContentType is { } type ? Encoding.ASCII.GetBytes(type) : ContentType },
            ["timestamp"] = _time.GetUtcNow(),
        };
        var value = await serializer.SerializeAsync(topic, ProductSchemas.DeadLetter, record, cancellationToken).ConfigureAwait(false);
        await producer.ProduceAsync(topic, new Message<byte[]?, byte[]> { Key = Encoding.UTF8.GetBytes(letter.Tenant), Value = value }, cancellationToken).ConfigureAwait(false);
    }
}
