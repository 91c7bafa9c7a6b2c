using System.Diagnostics;
using Confluent.Kafka;
using MetricStream.Kafka.Embedded;
using MetricStream.Kafka.Producing;
using MetricStream.Testing;

namespace MetricStream.IntegrationTests.Kafka;

/// <summary>Breaks the brokers on purpose, so each test has a cluster of its own.</summary>
public sealed class BrokerFailureTests : IDisposable
{
    private readonly EmbeddedKafkaCluster _cluster = EmbeddedKafkaCluster.Start(3);

    [Fact]
    public async Task AllBrokersDown_ProduceFailsFastThenSucceedsAfterReturn_LosingNothingAcknowledged()
    {
        var topic = $"down-{Guid.NewGuid():N}";
        _cluster.CreateTopic(topic, 3, 3);
        using var producer = Records.Producer(_cluster.BootstrapServers, s => s with { DeliveryTimeout = TimeSpan.FromSeconds(60) });
        await Records.ProduceAsync(producer, topic, 0, 1_000);
        var acknowledged = Enumerable.Range(0, 1_000).ToHashSet();

        // Records in flight while the brokers go down must either be acknowledged later or fail; never vanish.
        var inFlight = Enumerable.Range(1_000, 1_000).Select(i => (i, Task: producer.ProduceAsync(topic, Records.Message(i)))).ToList();
        _cluster.SetAllBrokersDown();
        await Poll.UntilAsync(() => !producer.Availability.IsAvailable, "the producer to notice that every broker is down");

        var watch = Stopwatch.StartNew();
        var refused = () => producer.ProduceAsync(topic, Records.Message(5_000));
        (await refused.Should().ThrowAsync<KafkaUnavailableException>())
            .Which.Message.Should().Contain("all connections to").And.Contain(topic);
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60), "it fails fast instead of waiting for the delivery timeout");

        _cluster.SetAllBrokersUp();
        await Poll.ResultAsync(() => producer.ProduceAsync(topic, Records.Message(2_000)), "a produce to succeed once brokers return", TimeSpan.FromSeconds(60));
        acknowledged.Add(2_000);
        foreach (var (i, task) in inFlight)
        {
            try
            {
                await task;
                acknowledged.Add(i);
            }
            catch (ProduceException<byte[]?, byte[]>)
            {
                // Not acknowledged, so not owed.
            }
        }

        await Records.ProduceAsync(producer, topic, 3_000, 4_000);
        acknowledged.UnionWith(Enumerable.Range(3_000, 1_000));

        var read = Records.ConsumeAll(_cluster.BootstrapServers, topic, acknowledged.Count);
        var values = read.Select(r => r.Value).ToList();
        values.Should().OnlyHaveUniqueItems("the idempotent producer does not duplicate on retry");
        values.Should().Contain(acknowledged.Select(Records.Value), "every acknowledged record is in Kafka");
        values.Should().NotContain(Records.Value(5_000), "a refused record was never queued");
    }

    [Fact]
    public async Task QueueFull_SlowBrokers_ProducerWaitsForSpaceAndDeliversEverything()
    {
        var topic = $"slow-{Guid.NewGuid():N}";
        _cluster.CreateTopic(topic, 1, 3);
        foreach (var id in _cluster.BrokerIds)
        {
            _cluster.SetRoundTripTime(id, TimeSpan.FromMilliseconds(100));
        }

        using var producer = Records.Producer(_cluster.BootstrapServers, s => s with
        {
            QueueMaxMessages = 10,
            QueueFullTimeout = TimeSpan.FromSeconds(60),
        });

        await Records.ProduceAsync(producer, topic, 0, 300);

        producer.QueueFullWaits.Should().BePositive("300 records cannot fit a 10-record queue at once");
        var read = Records.ConsumeAll(_cluster.BootstrapServers, topic, 300);
        // Concurrent callers that waited for space re-enter the queue in no fixed order; one caller's
        // sequence is ordered only if it awaits each record. What backpressure must not do is lose or repeat.
        read.Select(r => r.Value).Should().BeEquivalentTo(Enumerable.Range(0, 300).Select(Records.Value), "backpressure loses nothing");
        read.Select(r => r.Value).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task PushedProduceErrors_AreRetriedByTheIdempotentProducer()
    {
        var topic = $"errors-{Guid.NewGuid():N}";
        _cluster.CreateTopic(topic, 1, 3);
        using var producer = Records.Producer(_cluster.BootstrapServers);
        await Records.ProduceAsync(producer, topic, 0, 10);
        _cluster.PushRequestErrors(
            KafkaApiKey.Produce,
            ErrorCode.NotEnoughReplicas,
            ErrorCode.RequestTimedOut,
            ErrorCode.LeaderNotAvailable);

        await Records.ProduceAsync(producer, topic, 10, 100);

        var read = Records.ConsumeAll(_cluster.BootstrapServers, topic, 100);
        read.Select(r => r.Value).Should().Equal(Enumerable.Range(0, 100).Select(Records.Value), "retriable errors are retried without loss or duplicates");
    }

    public void Dispose() => _cluster.Dispose();
}
