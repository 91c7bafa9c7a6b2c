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

    /// <summary>
    /// Produces one change (or a tombstone when <paramref name="change"/> is null); completes when Kafka acknowledged
    /// it. A full producer queue is waited out (see <see cref="ProduceRetry"/>) until <paramref name="stopping"/> fires.
    /// </summary>
    public Task Send(string topic, int partition, byte[] key, WindowStoreChange? change, long checkpoint, CancellationToken stopping = default)
    {
        byte[]? value = null;
        if (change is not null)
        {
            var buffer = new ArrayBufferWriter<byte>(128);
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
        return retry.UntilAcceptedAsync(token => producer.ProduceAsync(destination, message, token), topic, stopping);
    }
}
