using System.Text;
using System.Text.Json;
using MetricStream.Avro.Generic;
using MetricStream.Kafka.Consuming;
using MetricStream.Kafka.Producing;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.Serdes;
using MetricStream.SchemaRegistry.Server;
using MetricStream.Sinks.DeadLetters;
using MetricStream.Sinks.IntegrationTests.Support;
using MetricStream.Sinks.Webhook;
using MetricStream.Testing;

namespace MetricStream.Sinks.IntegrationTests.Webhook;

/// <summary>The webhook notifier against a real local receiver that is down, and dead letters on the embedded Kafka.</summary>
public sealed class WebhookDeliveryTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task ReceiverDownAtFirst_NotificationsRetried_AllArriveOnceItComesUp()
    {
        var port = FreePort.Next();
        var deadLetters = new CapturingDeadLetters();
        await using var notifier = new WebhookNotifier(Options(port, maxAttempts: 1_000), deadLetters);

        var tasks = Enumerable.Range(0, 5).Select(i => notifier.NotifyAsync(Notification($"rule-{i}"))).ToList();
        await Poll.UntilAsync(() => notifier.Snapshot().FailedRequests >= 5, "the notifier to fail against the down receiver");
        tasks.Should().OnlyContain(t => !t.IsCompleted, "nothing is delivered or given up while retries remain");
        await using var receiver = await AlertReceiver.StartAsync(port);
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));

        receiver.Bodies.Select(b => b.GetProperty("ruleId").GetString()).Should().BeEquivalentTo(Enumerable.Range(0, 5).Select(i => $"rule-{i}"));
        deadLetters.Letters.Should().BeEmpty();
        notifier.Snapshot().Should().Match<WebhookNotifierSnapshot>(s => s.Delivered == 5 && s.Retries >= 5 && s.DeadLettered == 0);
    }

    [Fact]
    public async Task ReceiverStaysDown_NotificationsDeadLetteredToKafka_ReadableWithTheRegistry()
    {
        await using var registry = await EmbeddedRegistryServer.StartAsync(new RegistryServerOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            SchemasTopic = kafka.CreateTopic("schemas", partitions: 1),
            ListenUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}"),
        });
        using var client = new SchemaRegistryClient(new SchemaRegistryClientOptions { Url = registry.Url });
        using var producer = new DurableProducer(new ProducerSettings { BootstrapServers = kafka.BootstrapServers });
        var topic = kafka.CreateTopic("dead-letters", partitions: 1);
        await using var notifier = new WebhookNotifier(Options(FreePort.Next(), maxAttempts: 3), new KafkaInfluxDeadLetterPublisher(producer, new ConfluentAvroSerializer(client), topic));

        await Task.WhenAll(notifier.NotifyAsync(Notification("cpu-high")), notifier.NotifyAsync(Notification("mem-high"))).WaitAsync(TimeSpan.FromSeconds(60));

        using var consumer = ConsumerDefaults.Create(new ConsumerSettings { BootstrapServers = kafka.BootstrapServers, GroupId = "webhook-dl-" + Guid.NewGuid().ToString("N") });
        consumer.Subscribe(topic);
        var letters = new List<(GenericRecord Letter, string Key)>();
        await Poll.UntilAsync(
            async () =>
            {
                var message = consumer.Consume(TimeSpan.FromMilliseconds(500));
                if (message is not null)
                {
                    letters.Add(((GenericRecord)(await new ConfluentAvroDeserializer(client).DeserializeAsync(message.Message.Value))!, Encoding.UTF8.GetString(message.Message.Key!)));
                }

                return letters.Count == 2;
            },
            "two dead letters on the topic",
            TimeSpan.FromSeconds(60));
        consumer.Close();

        foreach (var (letter, key) in letters)
        {
            key.Should().Be("acme");
            letter["errorType"].Should().Be("webhook-exhausted");
            letter["stage"].Should().Be("webhook:it");
            ((string)letter["reason"]!).Should().Contain("3 attempt(s)");
            Encoding.ASCII.GetString((byte[])((IDictionary<string, object?>)letter["headers"]!)["content-type"]!).Should().Be("application/json");
        }

        letters.Select(l => JsonDocument.Parse((byte[])l.Letter["value"]!).RootElement.GetProperty("ruleId").GetString()).Should().BeEquivalentTo("cpu-high", "mem-high");
        notifier.Snapshot().DeadLettered.Should().Be(2);
    }

    private static WebhookNotifierOptions Options(int port, int maxAttempts) => new()
    {
        Url = AlertReceiver.UrlFor(port),
        Name = "it",
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        RetryMaxDelay = TimeSpan.FromMilliseconds(500),
        BreakerFailureThreshold = 5,
        BreakerOpenDuration = TimeSpan.FromMilliseconds(500),
        MaxAttempts = maxAttempts,
        MaxRetryDuration = TimeSpan.FromMinutes(2),
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    private static WebhookNotification Notification(string rule) =>
        new(rule, "firing", "cpu,host=web-1", "acme", 97.5, DateTimeOffset.UtcNow);
}
