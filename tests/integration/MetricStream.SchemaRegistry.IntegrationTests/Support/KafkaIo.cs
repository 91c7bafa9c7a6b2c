using System.Diagnostics;
using Confluent.Kafka;
using MetricStream.Kafka.Producing;
using MetricStream.Testing;

namespace MetricStream.SchemaRegistry.IntegrationTests.Support;

/// <summary>Plain byte-level produce and consume against the test broker.</summary>
internal static class KafkaIo
{
    public static async Task ProduceAsync(string bootstrap, string topic, IEnumerable<byte[]> values)
    {
        using var producer = new DurableProducer(new ProducerSettings { BootstrapServers = bootstrap });
        foreach (var value in values)
        {
            await producer.ProduceAsync(topic, new Message<byte[]?, byte[]> { Value = value });
        }
    }

    /// <summary>Reads <paramref name="count"/> values from the start of every partition of <paramref name="topic"/>.</summary>
    public static List<byte[]> Consume(string bootstrap, string topic, int count)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = $"test-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var values = new List<byte[]>();
        var watch = Stopwatch.StartNew();
        while (values.Count < count)
        {
            if (watch.Elapsed > Poll.DefaultTimeout)
            {
                throw new TimeoutException($"Read {values.Count} of {count} records from {topic}");
            }

            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } result)
            {
                values.Add(result.Message.Value);
            }
        }

        consumer.Close();
        return values;
    }
}
