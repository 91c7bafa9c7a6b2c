namespace MetricStream.Edge.IntegrationTests.Support;

/// <summary>Test classes in this collection share one embedded broker and one schema registry; each test gets its own topic and edge.</summary>
[CollectionDefinition(Name)]
public sealed class EdgeCollection : ICollectionFixture<EdgeFixture>
{
    public const string Name = "edge";
}
