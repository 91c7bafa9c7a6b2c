using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;
using MetricStream.Kafka.Embedded.Internal;

namespace MetricStream.Kafka.Embedded;

/// <summary>
/// A Kafka-protocol cluster inside this process: librdkafka's mock cluster, listening on 127.0.0.1 with
/// one random port per broker. Any Kafka client, in this process or another (kcat included), connects to
/// <see cref="BootstrapServers"/> over TCP. Broker ids are 1..<see cref="BrokerCount"/>.
/// </summary>
/// <remarks>
/// What the mock cannot show (design for real Kafka, test this): no CreateTopics request (use
/// <see cref="CreateTopic"/>), no log compaction or retention, no authentication, and transactional offset
/// commits (SendOffsetsToTransaction) are not stored. Everything lives in memory and is gone on dispose.
/// Concurrency: the fault-injection calls may be made from any thread; librdkafka posts them to the
/// cluster's own thread. <see cref="Dispose"/> must not race other calls.
/// </remarks>
public sealed unsafe class EmbeddedKafkaCluster : IDisposable
{
    private readonly nint _handle;
    private readonly nint _cluster;
    private bool _disposed;

    private EmbeddedKafkaCluster(nint handle, nint cluster, int brokers)
    {
        _handle = handle;
        _cluster = cluster;
        BrokerCount = brokers;
        BootstrapServers = Marshal.PtrToStringUTF8(MockClusterNative.rd_kafka_mock_cluster_bootstraps(cluster))
            ?? throw new InvalidOperationException("librdkafka returned no bootstrap servers for the mock cluster");
    }

    /// <summary>Comma-separated <c>127.0.0.1:port</c> of every broker.</summary>
    public string BootstrapServers { get; }

    /// <summary>Number of brokers.</summary>
    public int BrokerCount { get; }

    /// <summary>Broker ids, 1..<see cref="BrokerCount"/>.</summary>
    public IEnumerable<int> BrokerIds => Enumerable.Range(1, BrokerCount);

    /// <summary>Starts a cluster of <paramref name="brokers"/> brokers (1 to 16).</summary>
    /// <exception cref="InvalidOperationException">librdkafka could not create the cluster.</exception>
    public static EmbeddedKafkaCluster Start(int brokers = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(brokers, 16);
        const int ErrLength = 512;
        var errstr = stackalloc byte[ErrLength];
        var conf = MockClusterNative.rd_kafka_conf_new();

        // The handle only hosts the cluster: it never connects anywhere, so its own warnings are noise.
        _ = MockClusterNative.rd_kafka_conf_set(conf, "log_level", "3", errstr, ErrLength);
        var handle = MockClusterNative.rd_kafka_new(MockClusterNative.ProducerType, conf, errstr, ErrLength);
        if (handle == 0)
        {
            MockClusterNative.rd_kafka_conf_destroy(conf);
            throw new InvalidOperationException($"librdkafka could not create a client handle: {Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(errstr))}");
        }

        var cluster = MockClusterNative.rd_kafka_mock_cluster_new(handle, brokers);
        if (cluster == 0)
        {
            MockClusterNative.rd_kafka_destroy(handle);
            throw new InvalidOperationException("librdkafka could not create the mock cluster (is the system librdkafka built with mock support?)");
        }

        return new EmbeddedKafkaCluster(handle, cluster, brokers);
    }

    /// <summary>
    /// Creates a topic. The mock answers no CreateTopics request, so this is how topics are made;
    /// a replication factor above <see cref="BrokerCount"/> is lowered to it.
    /// </summary>
    public void CreateTopic(string name, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ThrowIfDisposed();
        var rf = Math.Clamp(replicationFactor, 1, BrokerCount);
        Check(MockClusterNative.rd_kafka_mock_topic_create(_cluster, name, partitions, rf), $"create topic '{name}'");
    }

    /// <summary>Takes a broker down: its connections close and new ones are refused until <see cref="SetBrokerUp"/>.</summary>
    public void SetBrokerDown(int brokerId)
    {
        ThrowIfDisposed();
        Check(MockClusterNative.rd_kafka_mock_broker_set_down(_cluster, brokerId), $"set broker {brokerId} down");
    }

    /// <summary>Brings a broker back up.</summary>
    public void SetBrokerUp(int brokerId)
    {
        ThrowIfDisposed();
        Check(MockClusterNative.rd_kafka_mock_broker_set_up(_cluster, brokerId), $"set broker {brokerId} up");
    }

    /// <summary>Takes every broker down.</summary>
    public void SetAllBrokersDown()
    {
        foreach (var id in BrokerIds)
        {
            SetBrokerDown(id);
        }
    }

    /// <summary>Brings every broker up.</summary>
    public void SetAllBrokersUp()
    {
        foreach (var id in BrokerIds)
        {
            SetBrokerUp(id);
        }
    }

    /// <summary>Delays every response of a broker by <paramref name="roundTrip"/> (zero removes the delay).</summary>
    public void SetRoundTripTime(int brokerId, TimeSpan roundTrip)
    {
        ThrowIfDisposed();
        Check(MockClusterNative.rd_kafka_mock_broker_set_rtt(_cluster, brokerId, (int)roundTrip.TotalMilliseconds), $"set broker {brokerId} round-trip time");
    }

    /// <summary>
    /// Makes the next requests of type <paramref name="api"/> (to any broker) fail with <paramref name="errors"/>,
    /// one error per request, in order.
    /// </summary>
    public void PushRequestErrors(KafkaApiKey api, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ThrowIfDisposed();
        var codes = new int[errors.Length];
        for (var i = 0; i < errors.Length; i++)
        {
            codes[i] = (int)errors[i];
        }

        fixed (int* p = codes)
        {
            MockClusterNative.rd_kafka_mock_push_request_errors_array(_cluster, (short)api, (nuint)codes.Length, p);
        }
    }

    /// <summary>Drops errors pushed for <paramref name="api"/> that have not been used yet.</summary>
    public void ClearRequestErrors(KafkaApiKey api)
    {
        ThrowIfDisposed();
        MockClusterNative.rd_kafka_mock_clear_request_errors(_cluster, (short)api);
    }

    /// <summary>Moves the leadership of a partition to <paramref name="brokerId"/>.</summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId)
    {
        ThrowIfDisposed();
        Check(MockClusterNative.rd_kafka_mock_partition_set_leader(_cluster, topic, partition, brokerId), $"move leader of {topic}[{partition}]");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        MockClusterNative.rd_kafka_mock_cluster_destroy(_cluster);
        MockClusterNative.rd_kafka_destroy(_handle);
    }

    private static void Check(int err, string what)
    {
        if (err != 0)
        {
            throw new InvalidOperationException($"Embedded Kafka: could not {what}: {MockClusterNative.ErrorText(err)}");
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
