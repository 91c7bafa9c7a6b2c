using Confluent.Kafka;
using MetricStream.Kafka.Embedded;
using MetricStream.Kafka.Producing;
using MetricStream.Processing.IntegrationTests.Support;
using MetricStream.Processing.Runtime.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricStream.Processing.IntegrationTests.Runtime;

/// <summary>
/// <see cref="DeliveryBatch"/>, the one completion per work item that replaced one awaited task per output, on its own
/// embedded broker (the test injects produce errors, which must not hit another test's client).
/// </summary>
public sealed class DeliveryBatchTests : IDisposable
{
    private readonly EmbeddedKafkaCluster _cluster = EmbeddedKafkaCluster.Start(3);

    [Fact]
    public async Task Seal_CompletesWhenEveryRecordIsAcknowledged_AndEveryRecordIsInTheTopic()
    {
        var topic = $"batch-{Guid.NewGuid():N}";
        _cluster.CreateTopic(topic, 1, 3);
        using var producer = Producer();
        producer.Availability.IsAvailable.Should().BeTrue("the callback path is taken while brokers are up");
        var batch = new DeliveryBatch();

        for (var i = 0; i < 200; i++)
        {
            batch.Produce(producer, Retry(), new TopicPartition(topic, 0), new Message<byte[]?, byte[]> { Value = BitConverter.GetBytes(i) }, CancellationToken.None);
        }

        batch.Count.Should().Be(200);
        await batch.Seal().WaitAsync(TimeSpan.FromSeconds(60));
        OutputReader.ReadUntil(_cluster.BootstrapServers, topic, r => r.Count >= 200)
            .Select(r => BitConverter.ToInt32(r.Message.Value)).Should().Equal(Enumerable.Range(0, 200));
    }

    [Fact]
    public async Task Seal_FaultsWithTheDeliveryError_WhenTheBrokerRejectsARecord()
    {
        var topic = $"batch-{Guid.NewGuid():N}";
        _cluster.CreateTopic(topic, 1, 3);
        using var producer = Producer();
        var batch = new DeliveryBatch();
        _cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.TopicAuthorizationFailed);

        batch.Produce(producer, Retry(), new TopicPartition(topic, 0), new Message<byte[]?, byte[]> { Value = [1] }, CancellationToken.None);
        var sealedBatch = batch.Seal();

        var act = () => sealedBatch.WaitAsync(TimeSpan.FromSeconds(60));
        (await act.Should().ThrowAsync<ProduceException<byte[]?, byte[]>>()).Which.Error.Code.Should().Be(ErrorCode.TopicAuthorizationFailed);
    }

    [Fact]
    public void Seal_WithNoRecord_IsAlreadyComplete() => new DeliveryBatch().Seal().IsCompletedSuccessfully.Should().BeTrue();

    public void Dispose() => _cluster.Dispose();

    private static ProduceRetry Retry() => new(TimeProvider.System, NullLogger.Instance);

    private DurableProducer Producer() => new(new ProducerSettings
    {
        BootstrapServers = _cluster.BootstrapServers,
        Overrides = new Dictionary<string, string> { ["dotnet.producer.delivery.report.fields"] = "none" },
    });
}
