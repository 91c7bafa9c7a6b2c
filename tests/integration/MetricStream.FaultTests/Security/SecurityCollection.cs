namespace MetricStream.FaultTests.Security;

/// <summary>The security checks share one <see cref="SecurePipeline"/> (starting a pipeline costs seconds).</summary>
[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecurePipeline>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "security";
}
