using MetricStream.Testing;

namespace MetricStream.IntegrationTests.Kafka;

/// <summary>Test classes in this collection share one embedded 3-broker cluster; each test uses its own topics.</summary>
[CollectionDefinition(Name)]
public sealed class KafkaCollection : ICollectionFixture<EmbeddedKafkaFixture>
{
    public const string Name = "embedded-kafka";
}
