using Confluent.Kafka;

namespace MetricStream.Kafka.Consuming;

/// <summary>Turns <see cref="ConsumerSettings"/> into the librdkafka configuration we run with.</summary>
public static class ConsumerDefaults
{
    /// <summary>
    /// Builds the consumer configuration: manual commits only (<c>enable.auto.commit=false</c> and
    /// <c>enable.auto.offset.store=false</c>), cooperative-sticky assignment so a rebalance moves only the
    /// partitions that must move, read-committed isolation and bounded prefetch.
    /// </summary>
    public static ConsumerConfig Build(ConsumerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var config = new ConsumerConfig
        {
            BootstrapServers = settings.BootstrapServers,
            GroupId = settings.GroupId,
            ClientId = settings.ClientId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = settings.StartFromEarliest ? AutoOffsetReset.Earliest : AutoOffsetReset.Latest,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            SessionTimeoutMs = (int)settings.SessionTimeout.TotalMilliseconds,
            HeartbeatIntervalMs = (int)settings.HeartbeatInterval.TotalMilliseconds,
            MaxPollIntervalMs = (int)settings.MaxPollInterval.TotalMilliseconds,
            IsolationLevel = settings.ReadCommitted ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted,
            QueuedMaxMessagesKbytes = settings.QueuedMaxKilobytes,
            EnablePartitionEof = false,
            SocketKeepaliveEnable = true,
        };
        foreach (var (key, value) in settings.Overrides)
        {
            config.Set(key, value);
        }

        return config;
    }

    /// <summary>Creates a byte-array consumer with the defaults above.</summary>
    public static IConsumer<byte[]?, byte[]> Create(ConsumerSettings settings) =>
        new ConsumerBuilder<byte[]?, byte[]>(Build(settings)).Build();
}
