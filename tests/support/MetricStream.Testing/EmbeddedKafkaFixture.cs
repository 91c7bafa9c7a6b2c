using MetricStream.Kafka.Embedded;

namespace MetricStream.Testing;

/// <summary>
/// One embedded 3-broker cluster per test class or collection. Tests make their own topics with
/// <see cref="CreateTopic"/>, which gives each a unique name so tests never see each other's records.
/// </summary>
public sealed class EmbeddedKafkaFixture : IDisposable
{
    private int _sequence;

    /// <summary>Starts the cluster.</summary>
    public EmbeddedKafkaFixture()
    {
        Cluster = EmbeddedKafkaCluster.Start(3);
    }

    /// <summary>The cluster; fault injection goes through it.</summary>
    public EmbeddedKafkaCluster Cluster { get; }

    /// <summary>Bootstrap servers for clients.</summary>
    public string BootstrapServers => Cluster.BootstrapServers;

    /// <summary>Creates a topic named <c>{prefix}-{n}-{random}</c> and returns the name.</summary>
    public string CreateTopic(string prefix, int partitions = 3, int replicationFactor = 3)
    {
        var name = $"{prefix}-{Interlocked.Increment(ref _sequence)}-{Guid.NewGuid().ToString("N")[..8]}";
        Cluster.CreateTopic(name, partitions, replicationFactor);
        return name;
    }

    /// <inheritdoc />
    public void Dispose() => Cluster.Dispose();
}
