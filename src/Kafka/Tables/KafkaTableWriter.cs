using System.Text;
using Confluent.Kafka;
using MetricStream.Kafka.Producing;

namespace MetricStream.Kafka.Tables;

/// <summary>
/// Writes a <see cref="KafkaTable{TValue}"/>'s topic: a put is a keyed record, a delete a tombstone (null value).
/// Through a <see cref="DurableProducer"/> (idempotent, <c>acks=all</c>): a returned task completes when Kafka
/// acknowledged the record. Records of one key go to one partition, so their order holds. Thread-safe.
/// </summary>
/// <typeparam name="TValue">The row type.</typeparam>
/// <param name="producer">The producer (not disposed here).</param>
/// <param name="topic">The table's topic.</param>
/// <param name="encode">Turns a row into the record value.</param>
public sealed class KafkaTableWriter<TValue>(DurableProducer producer, string topic, Func<TValue, byte[]> encode)
{
    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>; completes when Kafka acknowledged it.</summary>
    public Task PutAsync(string key, TValue value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return ProduceAsync(key, encode(value), cancellationToken);
    }

    /// <summary>Deletes <paramref name="key"/> (a tombstone); completes when Kafka acknowledged it.</summary>
    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return ProduceAsync(key, null, cancellationToken);
    }

    private async Task ProduceAsync(string key, byte[]? value, CancellationToken cancellationToken) =>
        await producer.ProduceAsync(topic, new Message<byte[]?, byte[]> { Key = Encoding.UTF8.GetBytes(key), Value = value! }, cancellationToken).ConfigureAwait(false);
}
