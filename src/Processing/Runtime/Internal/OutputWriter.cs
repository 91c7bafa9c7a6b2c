using System.Buffers;
using System.Net;
using System.Text;
using Confluent.Kafka;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Records;
using MetricStream.Avro.Schemas;
using MetricStream.Kafka.Producing;
using MetricStream.Processing.Execution;
using MetricStream.Processing.Topology;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.Serdes;
using MetricStream.SchemaRegistry.WireFormat;

namespace MetricStream.Processing.Runtime.Internal;

/// <summary>
/// Encodes outputs in the Confluent wire format and produces them with the shared
/// <see cref="DurableProducer"/>. Schemas are registered once, before any task starts, under
/// <c>&lt;topic&gt;-value</c>; a topic that carries two record types (a late topic shared by a point
/// window and an aggregate window) registers the second under <c>&lt;topic&gt;-&lt;record full name&gt;</c>
/// (Confluent's TopicRecordNameStrategy) when the registry rejects it as incompatible. Keys are the
/// series key in UTF-8, so the producer's partitioner keeps a series on one partition. Thread-safe
/// after <see cref="RegisterAsync"/>.
/// </summary>
internal sealed class OutputWriter(DurableProducer producer, ISchemaRegistryClient registry, string deadLetterTopic, TimeProvider time, ProduceRetry retry)
{
    // Encoding scratch, one per thread (the process blocks of several tasks encode at once); the bytes are copied out.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    private readonly Dictionary<(string Topic, StreamValueKind Kind), int> _ids = [];
    private readonly GenericDatumWriter _deadLetterWriter = new(ProductSchemas.DeadLetter);
    private int _deadLetterId;

    /// <summary>Registers the schema of every output of <paramref name="topology"/> and of the dead-letter topic.</summary>
    public async Task RegisterAsync(Topology.Topology topology, CancellationToken cancellationToken)
    {
        foreach (var node in topology.Nodes)
        {
            var (topic, kind) = node switch
            {
                SinkNode { Topic: { } sinkTopic } s => (sinkTopic, topology.ValueKindOf(s.Name)),
                WindowAggregateNode w => (w.LateTopic, topology.ValueKindOf(Topology.Internal.TopologyValidator.InputNode(w.Inputs[0]))),
                _ => (null, default),
            };
            if (topic is not null && !_ids.ContainsKey((topic, kind)))
            {
                var file = SchemaNames.Name(kind) + ".avsc";
                _ids[(topic, kind)] = await RegisterSubjectAsync(topic, file, cancellationToken).ConfigureAwait(false);
            }
        }

        _deadLetterId = await RegisterSubjectAsync(deadLetterTopic, "dead-letter.avsc", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Produces one topology output as part of <paramref name="batch"/>, which completes when Kafka acknowledged it.
    /// A full producer queue is waited out (see <see cref="ProduceRetry"/>) until <paramref name="stopping"/> fires.
    /// </summary>
    public void Send(string topic, StreamValueKind kind, in StreamRecord record, DeliveryBatch batch, CancellationToken stopping = default)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        ConfluentWireFormat.WriteHeader(buffer, _ids[(topic, kind)]);
        switch (kind)
        {
            case StreamValueKind.Point:
                MetricPointCodec.Write(buffer, (MetricPoint)record.Value);
                break;
            case StreamValueKind.Alert:
                Alerts.AlertEventRecords.Write(buffer, (GenericRecord)record.Value);
                break;
            default:
                WindowAggregateCodec.Write(buffer, (WindowAggregate)record.Value);
                break;
        }

        var message = new Message<byte[]?, byte[]>
        {
            Key = Encoding.UTF8.GetBytes(record.Key),
            Value = buffer.WrittenSpan.ToArray(),
            Timestamp = new Timestamp(record.Timestamp),
        };
        batch.Produce(producer, retry, new TopicPartition(topic, Partition.Any), message, stopping);
    }

    /// <summary>Produces a dead letter for <paramref name="source"/> as part of <paramref name="batch"/>.</summary>
    public void SendDeadLetter(ConsumeResult<byte[]?, byte[]> source, string reason, string errorType, string? stage, DeliveryBatch batch, CancellationToken stopping = default)
    {
        var letter = new GenericRecord(ProductSchemas.DeadLetter)
        {
            ["reason"] = reason,
            ["errorType"] = errorType,
            ["stage"] = stage,
            ["sourceTopic"] = source.Topic,
            ["sourcePartition"] = source.Partition.Value,
            ["sourceOffset"] = source.Offset.Value,
            ["sourceTimestamp"] = source.Message.Timestamp.Type == TimestampType.NotAvailable ? null : new DateTimeOffset(source.Message.Timestamp.UtcDateTime),
            ["key"] = source.Message.Key,
            ["value"] = source.Message.Value,
            ["headers"] = Headers(source.Message.Headers),
            ["timestamp"] = time.GetUtcNow(),
        };
        var buffer = new ArrayBufferWriter<byte>(256 + (source.Message.Value?.Length ?? 0));
        ConfluentWireFormat.WriteHeader(buffer, _deadLetterId);
        _deadLetterWriter.Write(buffer, letter);
        var message = new Message<byte[]?, byte[]>
        {
            Key = source.Message.Key,
            Value = buffer.WrittenSpan.ToArray(),
        };
        batch.Produce(producer, retry, new TopicPartition(deadLetterTopic, Partition.Any), message, stopping);
    }

    private static Dictionary<string, object?> Headers(Headers? headers)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (headers is not null)
        {
            foreach (var header in headers)
            {
                map[header.Key] = header.GetValueBytes() ?? [];
            }
        }

        return map;
    }

    private async Task<int> RegisterSubjectAsync(string topic, string schemaFile, CancellationToken cancellationToken)
    {
        var json = ProductSchemas.Json(schemaFile);
        try
        {
            return await registry.RegisterAsync(SubjectNames.ForValue(topic), json, cancellationToken).ConfigureAwait(false);
        }
        catch (SchemaRegistryException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            var fullName = ((NamedSchema)ProductSchemas.Get(schemaFile)).FullName;
            return await registry.RegisterAsync($"{topic}-{fullName}", json, cancellationToken).ConfigureAwait(false);
        }
    }
}
