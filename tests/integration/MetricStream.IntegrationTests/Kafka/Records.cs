using System.Text;
using Confluent.Kafka;
using MetricStream.Kafka.Consuming;
using MetricStream.Kafka.Producing;

namespace MetricStream.IntegrationTests.Kafka;

/// <summary>Producing numbered records and reading them back, for the Kafka suites.</summary>
internal static class Records
{
    public static string Key(int i) => $"series-{i % 977}";

    public static string Value(int i) => $"point-{i:D7};cpu,host=h{i % 31} usage={i * 0.5}";

    public static Message<byte[]?, byte[]> Message(int i) => new()
    {
        Key = Encoding.UTF8.GetBytes(Key(i)),
        Value = Encoding.UTF8.GetBytes(Value(i)),
    };

    public static DurableProducer Producer(string bootstrap, Func<ProducerSettings, ProducerSettings>? tweak = null)
    {
        var settings = new ProducerSettings { BootstrapServers = bootstrap, ClientId = "integration-tests" };
        return new DurableProducer(tweak is null ? settings : tweak(settings));
    }

    /// <summary>Produces records <paramref name="from"/>..<paramref name="to"/> (exclusive) and waits for every acknowledgement.</summary>
    public static async Task ProduceAsync(DurableProducer producer, string topic, int from, int to)
    {
        var pending = new List<Task<DeliveryResult<byte[]?, byte[]>>>(to - from);
        for (var i = from; i < to; i++)
        {
            pending.Add(producer.ProduceAsync(topic, Message(i)));
        }

        var results = await Task.WhenAll(pending);
        results.Should().OnlyContain(r => r.Status == PersistenceStatus.Persisted);
    }

    /// <summary>Consumes with a fresh group until <paramref name="expected"/> records arrived or the deadline passed.</summary>
    public static List<(string Key, string Value)> ConsumeAll(string bootstrap, string topic, int expected, TimeSpan? timeout = null, string? groupId = null)
    {
        using var consumer = ConsumerDefaults.Create(new ConsumerSettings
        {
            BootstrapServers = bootstrap,
            GroupId = groupId ?? $"reader-{Guid.NewGuid():N}",
        });
        consumer.Subscribe(topic);
        var records = new List<(string, string)>(expected);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (records.Count < expected && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            records.Add((Encoding.UTF8.GetString(result.Message.Key!), Encoding.UTF8.GetString(result.Message.Value)));
        }

        consumer.Close();
        return records;
    }
}
