using Confluent.Kafka;
using MetricStream.Kafka.Producing;

namespace MetricStream.Edge.Producing.Internal;

/// <summary>
/// Makes the producer connect before the edge listens, so the first write does not pay for connections,
/// metadata and the idempotent producer id (which on a busy machine can exceed the stall timeout).
/// </summary>
internal static class ProducerWarmUp
{
    public static Task ConnectAsync(DurableProducer producer, string topic, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.Run(
            () =>
            {
                // A metadata request on the producer's own handle opens its broker connections. The admin client
                // is disposed at once: kept alive, a client built on a producer handle spins a thread at 100% CPU
                // (Confluent.Kafka 1.9.3), which is why TopicPartitionCount uses a standalone one.
                using var admin = new DependentAdminClientBuilder(producer.Client.Handle).Build();
                admin.GetMetadata(topic, timeout);
            },
            cancellationToken);
}
