using System.Buffers;
using Confluent.Kafka;
using MetricStream.Kafka.Producing;
using MetricStream.Processing.Runtime.Internal;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.Serdes;
using MetricStream.SchemaRegistry.WireFormat;

namespace MetricStream.Processing.State.Internal;

/// <summary>
/// Produces changelog records with the application's <see cref="DurableProducer"/>: values in the Confluent
/// wire format with <c>window-store-change.avsc</c> registered under <c>&lt;changelog&gt;-value</c>, tombstones
/// as null values, each with its checkpoint id header, to an explicit partition (the input partition).
/// Thread-safe after <see cref="RegisterAsync"/>.
/// </summary>
internal sealed class ChangelogWriter(DurableProducer producer, ISchemaRegistryClient registry, ProduceRetry retry)
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    public async Task RegisterAsync(IEnumerable<string> topics, CancellationToken cancellationToken)
    {
        foreach (var topic in topics)
        {
            _ids[topic] = await registry.RegisterAsync(SubjectNames.ForValue(topic), WindowStoreChangeCodec.SchemaJson, cancellationToken).ConfigureAwait(false);
        }
    }

    // Encoding scratch, one per thread (several tasks checkpoint at once); the bytes are copied out.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>
    /// Produces one change (or a tombstone when <paramref name="change"/> is null) as part of <paramref name="batch"/>,
    /// which completes when Kafka acknowledged it. A full producer queue is waited out (see <see cref="ProduceRetry"/>)
    /// until <paramref name="stopping"/> fires.
    /// </summary>
    public void Send(string topic, int partition, byte[] key, WindowStoreChange? change, long checkpoint, DeliveryBatch batch, CancellationToken stopping = default)
    {
        byte[]? value = null;
        if (change is not null)
        {
            var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
            buffer.ResetWrittenCount();
            ConfluentWireFormat.WriteHeader(buffer, _ids[topic]);
            WindowStoreChangeCodec.Write(buffer, change);
            value = buffer.WrittenSpan.ToArray();
        }

        var destination = new TopicPartition(topic, new Partition(partition));
        var message = new Message<byte[]?, byte[]>
        {
            Key = key,
            Value = value!,
            Headers = ChangelogNames.Headers(checkpoint),
        };
        batch.Produce(producer, retry, destination, message, stopping);
    }
}
