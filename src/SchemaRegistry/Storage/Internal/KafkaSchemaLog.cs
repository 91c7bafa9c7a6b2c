using Confluent.Kafka;
using MetricStream.Kafka.Producing;
using Microsoft.Extensions.Logging;

namespace MetricStream.SchemaRegistry.Storage.Internal;

/// <summary>
/// The registry's log in a one-partition Kafka topic. Appends go through a <see cref="DurableProducer"/>
/// (idempotent, <c>acks=all</c>) and complete when Kafka acknowledged them. Reads assign partition 0 (no
/// consumer group, nothing committed) and consume from the beginning up to the high watermark taken at the
/// start of the read, on a thread of their own because librdkafka's consume call blocks.
/// </summary>
internal sealed class KafkaSchemaLog : ISchemaLog
{
    private readonly string _bootstrapServers;
    private readonly TopicPartition _partition;
    private readonly TimeProvider _time;
    private readonly TimeSpan _readTimeout;
    private readonly ILogger _logger;
    private readonly DurableProducer _producer;

    public KafkaSchemaLog(string bootstrapServers, string topic, TimeProvider time, TimeSpan readTimeout, TimeSpan writeTimeout, ILogger logger)
    {
        _bootstrapServers = bootstrapServers;
        _partition = new TopicPartition(topic, new Partition(0));
        _time = time;
        _readTimeout = readTimeout;
        _logger = logger;
        _producer = new DurableProducer(
            new ProducerSettings
            {
                BootstrapServers = bootstrapServers,
                ClientId = "metricstream-schema-registry",
                Linger = TimeSpan.Zero,
                DeliveryTimeout = writeTimeout,
            },
            time,
            logger);
    }

    /// <inheritdoc />
    public async Task AppendAsync(IReadOnlyList<SchemaLogRecord> records, CancellationToken cancellationToken)
    {
        var deliveries = new List<Task>(records.Count);
        foreach (var record in records)
        {
            var (key, value) = SchemaLogCodec.Encode(record);

            // A null value is a tombstone; the producer's signature does not say it may be null, Kafka's does.
            deliveries.Add(_producer.ProduceAsync(_partition, new Message<byte[]?, byte[]> { Key = key, Value = value! }, cancellationToken));
        }

        await Task.WhenAll(deliveries).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SchemaLogRecord>> ReadAllAsync(CancellationToken cancellationToken) =>
        Task.Factory.StartNew<IReadOnlyList<SchemaLogRecord>>(() => ReadAll(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <inheritdoc />
    public void Dispose() => _producer.Dispose();

    private List<SchemaLogRecord> ReadAll(CancellationToken cancellationToken)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = _bootstrapServers,
            GroupId = "metricstream-schema-registry",
            ClientId = "metricstream-schema-registry",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            IsolationLevel = IsolationLevel.ReadUncommitted,
            EnablePartitionEof = true,
        };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        var started = _time.GetTimestamp();
        var end = consumer.QueryWatermarkOffsets(_partition, _readTimeout).High.Value;
        var records = new List<SchemaLogRecord>();
        if (end <= 0)
        {
            return records;
        }

        consumer.Assign(new TopicPartitionOffset(_partition, Offset.Beginning));
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_time.GetElapsedTime(started) > _readTimeout)
            {
                throw new TimeoutException(
                    $"Read {records.Count} records of '{_partition.Topic}' but not its end (offset {end}) within {_readTimeout.TotalSeconds:0} s");
            }

            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null || result.IsPartitionEOF)
            {
                // Gaps (aborted transactions, compacted offsets) mean the last offset may never be seen; the position says how far we are.
                if (consumer.Position(_partition).Value >= end)
                {
                    break;
                }

                continue;
            }

            if (Decode(result) is { } record)
            {
                records.Add(record);
            }

            if (result.Offset.Value >= end - 1)
            {
                break;
            }
        }

        _logger.LogInformation("Read {Count} registry records from '{Topic}' (end offset {End})", records.Count, _partition.Topic, end);
        return records;
    }

    private static SchemaLogRecord? Decode(ConsumeResult<byte[]?, byte[]?> result)
    {
        try
        {
            return SchemaLogCodec.Decode(result.Message.Key ?? [], result.Message.Value);
        }
        catch (InvalidDataException ex)
        {
            // Skipping it could hand out an id twice; refuse to start instead.
            throw new InvalidDataException($"Record at {result.TopicPartitionOffset} is not a schema registry record: {ex.Message}", ex);
        }
    }
}
