using Confluent.Kafka;
using Confluent.Kafka.Admin;
using MetricStream.Kafka.Embedded;

namespace MetricStream.Testing;

/// <summary>
/// One embedded 3-broker cluster per test class or collection. Tests make their own topics with
/// <see cref="CreateTopic"/>, which gives each a unique name so tests never see each other's records.
/// </summary>
/// <remarks>
/// With <c>METRICSTREAM_TEST_BOOTSTRAP</c> set (<see cref="ExternalServers"/>), no broker is started: clients go to
/// that cluster, topics are created with its Admin API (replication factor at most its broker count), and
/// <see cref="Cluster"/> (fault injection) throws, because only the embedded broker can be told to fail.
/// </remarks>
public sealed class EmbeddedKafkaFixture : IDisposable
{
    private readonly EmbeddedKafkaCluster? _cluster;
    private readonly string? _external;
    private int _sequence;

    /// <summary>Starts the cluster, or uses the external one.</summary>
    public EmbeddedKafkaFixture()
    {
        _external = ExternalServers.Bootstrap;
        if (_external is null)
        {
            _cluster = EmbeddedKafkaCluster.Start(3);
        }
    }

    /// <summary>True when the fixture uses <c>METRICSTREAM_TEST_BOOTSTRAP</c> instead of an embedded cluster.</summary>
    public bool IsExternal => _external is not null;

    /// <summary>The embedded cluster; fault injection goes through it.</summary>
    /// <exception cref="InvalidOperationException">The fixture uses an external cluster.</exception>
    public EmbeddedKafkaCluster Cluster => _cluster
        ?? throw new InvalidOperationException($"This test injects broker faults, which needs the embedded broker: run it without {ExternalServers.BootstrapVariable}");

    /// <summary>Bootstrap servers for clients.</summary>
    public string BootstrapServers => _external ?? _cluster!.BootstrapServers;

    /// <summary>Creates a topic named <c>{prefix}-{n}-{random}</c> and returns the name.</summary>
    public string CreateTopic(string prefix, int partitions = 3, int replicationFactor = 3)
    {
        var name = $"{prefix}-{Interlocked.Increment(ref _sequence)}-{Guid.NewGuid().ToString("N")[..8]}";
        if (_cluster is not null)
        {
            _cluster.CreateTopic(name, partitions, replicationFactor);
            return name;
        }

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _external }).Build();
        var brokers = admin.GetMetadata(TimeSpan.FromSeconds(30)).Brokers.Count;
        admin.CreateTopicsAsync([new TopicSpecification { Name = name, NumPartitions = partitions, ReplicationFactor = (short)Math.Min(replicationFactor, brokers) }])
            .GetAwaiter().GetResult();
        return name;
    }

    /// <inheritdoc />
    public void Dispose() => _cluster?.Dispose();
}
