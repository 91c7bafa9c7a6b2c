using System.Net;
using Confluent.Kafka;
using MetricStream.Kafka.Topics;
using Microsoft.Extensions.Logging;

namespace MetricStream.Edge.Producing.Internal;

/// <summary>
/// Knows how many partitions the output topic has (the murmur2 modulus): creates the topic when it is
/// missing, reads the count at start and re-reads it every 30 s, so added partitions are used (as Kafka's
/// own partitioner would, a series then moves partition once). Thread-safe: <see cref="Count"/> is a volatile read.
/// The refresh timer and <see cref="Dispose"/> take <c>_gate</c>, so the admin client is never disposed while a
/// refresh is inside librdkafka (destroying a handle mid-request can abort the process in librdkafka 2.0).
/// </summary>
internal sealed class TopicPartitionCount : IDisposable
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);
    private readonly IAdminClient _admin;
    private readonly string _topic;
    private readonly ILogger _logger;
    private ITimer? _refresh;
    private volatile int _count;
    private volatile DnsEndPoint[] _brokers = [];
    private readonly Lock _gate = new();
    private bool _disposed; // under _gate

    public TopicPartitionCount(string bootstrapServers, string topic, ILogger logger)
    {
        // A standalone client: an admin client built on the producer's handle (DependentAdminClientBuilder)
        // keeps a thread spinning at 100% CPU in Confluent.Kafka 1.9.3, even when idle.
        _admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers, ClientId = "metricstream-edge-metadata" }).Build();
        _topic = topic;
        _logger = logger;
    }

    public int Count => _count;

    /// <summary>The brokers named by the last metadata answer (for the stall probe).</summary>
    public IReadOnlyCollection<DnsEndPoint> Brokers => _brokers;

    /// <summary>Creates the topic when missing, then waits until its partition count is known.</summary>
    public async Task InitializeAsync(TopicSpec spec, ITopicProvisioner provisioner, TimeProvider time, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var all = await Task.Run(() => _admin.GetMetadata(timeout), deadline.Token).ConfigureAwait(false);
        if (!all.Topics.Any(t => t.Topic == _topic && t.Error.Code == ErrorCode.NoError && t.Partitions.Count > 0))
        {
            _logger.LogInformation("Creating topic {Topic} ({Partitions} partitions, replication {Replication})", spec.Name, spec.Partitions, spec.ReplicationFactor);
            await provisioner.EnsureAsync([spec], deadline.Token).ConfigureAwait(false);
        }

        while (true)
        {
            deadline.Token.ThrowIfCancellationRequested();
            var count = await Task.Run(Read, deadline.Token).ConfigureAwait(false);
            if (count > 0)
            {
                _count = count;
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, deadline.Token).ConfigureAwait(false);
        }

        _refresh = time.CreateTimer(_ => Refresh(), null, RefreshInterval, RefreshInterval);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _refresh?.Dispose();
        lock (_gate)
        {
            _admin.Dispose();
        }
    }

    private int Read()
    {
        var metadata = _admin.GetMetadata(_topic, TimeSpan.FromSeconds(5));
        if (metadata.Brokers.Count > 0)
        {
            _brokers = [.. metadata.Brokers.Select(b => new DnsEndPoint(b.Host, b.Port))];
        }

        var topic = metadata.Topics.FirstOrDefault(t => t.Topic == _topic);
        return topic is { Error.Code: ErrorCode.NoError } ? topic.Partitions.Count : 0;
    }

    private void Refresh()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                RefreshLocked();
            }
        }
    }

    private void RefreshLocked()
    {
        try
        {
            var count = Read();
            if (count > 0 && count != _count)
            {
                _logger.LogInformation("Topic {Topic} now has {Count} partitions (was {Old})", _topic, count, _count);
                _count = count;
            }
        }
        catch (KafkaException ex)
        {
            _logger.LogDebug(ex, "Could not refresh the partition count of {Topic}", _topic);
        }
    }
}
