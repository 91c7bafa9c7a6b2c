using System.Buffers;
using Confluent.Kafka;
using MetricStream.Kafka.Producing;
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
internal sealed class ChangelogWriter(DurableProducer producer, ISchemaRegistryClient registry)
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    public async Task RegisterAsync(IEnumerable<string> topics, CancellationToken cancellationToken)
    {
        foreach (var topic in topics)
        {
            _ids[topic] = await registry.RegisterAsync(SubjectNames.ForValue(topic), WindowStoreChangeCodec.SchemaJson, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Produces one change (or a tombstone when <paramref name="change"/> is null); completes when Kafka acknowledged it.</summary>
    public Task Send(string topic, int partition, byte[] key, WindowStoreChange? change, long checkpoint)
    {
        byte[]? value = null;
        if (change is not null)
        {
            var buffer = new ArrayBufferWriter<byte>(128);
            ConfluentWireFormat.WriteHeader(buffer, _ids[topic]);
            WindowStoreChangeCodec.Write(buffer, change);
            value = buffer.WrittenSpan.ToArray();
        }

        return producer.ProduceAsync(new TopicPartition(topic, new Partition(partition)), new Message<byte[]?, byte[]>
        {
            Key = key,
            Value = value!,
            Headers = ChangelogNames.Headers(checkpoint),
        });
    }
}
