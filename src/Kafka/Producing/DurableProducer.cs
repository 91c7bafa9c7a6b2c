using Confluent.Kafka;
using MetricStream.Kafka.Health;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricStream.Kafka.Producing;

/// <summary>
/// The producer every role uses. A returned task completes only when Kafka has acknowledged the record
/// (<c>acks=all</c>, idempotent), so "the task succeeded" means "the record is durable". A full local queue
/// is backpressure (bounded wait, then <see cref="KafkaBackpressureException"/>); when every broker is
/// down, new records fail fast with <see cref="KafkaUnavailableException"/> while queued ones keep retrying.
/// </summary>
public sealed class DurableProducer : IDisposable
{
    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly ProducerSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _queueFullWaits;

    /// <summary>Creates the producer and connects lazily to <see cref="ProducerSettings.BootstrapServers"/>.</summary>
    public DurableProducer(ProducerSettings settings, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        Availability = new BrokerAvailability();
        Availability.Changed += up =>
        {
            if (up)
            {
                _logger.LogInformation("Kafka brokers reachable again ({Bootstrap})", settings.BootstrapServers);
            }
            else
            {
                _logger.LogWarning("All Kafka broker connections are down ({Bootstrap})", settings.BootstrapServers);
            }
        };
        _producer = new ProducerBuilder<byte[]?, byte[]>(ProducerDefaults.Build(settings))
            .SetErrorHandler((_, error) => OnError(error))
            .SetStatisticsHandler((_, json) => Availability.OnStatistics(json))
            .SetLogHandler((_, log) => OnLog(log))
            .Build();
    }

    /// <summary>Whether a broker is reachable, as last reported by the client.</summary>
    public BrokerAvailability Availability { get; }

    /// <summary>How many times a record found the local queue full and waited (a backpressure gauge for /metrics).</summary>
    public long QueueFullWaits => Interlocked.Read(ref _queueFullWaits);

    /// <summary>The underlying client, for transactions and metadata. Do not dispose it.</summary>
    public IProducer<byte[]?, byte[]> Client => _producer;

    /// <summary>
    /// Produces one record and completes when Kafka acknowledged it.
    /// </summary>
    /// <exception cref="KafkaUnavailableException">Every broker is down and fail-fast is on; nothing was queued.</exception>
    /// <exception cref="KafkaBackpressureException">The local queue stayed full past the bound; nothing was queued.</exception>
    /// <exception cref="ProduceException{TKey,TValue}">Kafka did not acknowledge the record within the delivery timeout.</exception>
    public Task<DeliveryResult<byte[]?, byte[]>> ProduceAsync(
        TopicPartition destination,
        Message<byte[]?, byte[]> message,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(message);
        if (_settings.FailFastWhenBrokersDown && !Availability.IsAvailable)
        {
            return Task.FromException<DeliveryResult<byte[]?, byte[]>>(new KafkaUnavailableException(
                $"Kafka is unavailable: all connections to {_settings.BootstrapServers} are down; record for '{destination.Topic}' not accepted"));
        }

        return QueueFullRetry.ExecuteAsync(
            async () =>
            {
                var result = await _producer.ProduceAsync(destination, message, CancellationToken.None).ConfigureAwait(false);
                Availability.MarkUp();
                return result;
            },
            _time,
            _settings.QueueFullTimeout,
            cancellationToken,
            () => Interlocked.Increment(ref _queueFullWaits));
    }

    /// <summary>Produces to <paramref name="topic"/>, partitioned by the client's partitioner (murmur2 on the key).</summary>
    public Task<DeliveryResult<byte[]?, byte[]>> ProduceAsync(
        string topic,
        Message<byte[]?, byte[]> message,
        CancellationToken cancellationToken = default) =>
        ProduceAsync(new TopicPartition(topic, Partition.Any), message, cancellationToken);

    /// <summary>Waits up to <paramref name="timeout"/> for queued records; returns how many are still queued.</summary>
    public int Flush(TimeSpan timeout) => _producer.Flush(timeout);

    /// <inheritdoc />
    public void Dispose()
    {
        var left = _producer.Flush(TimeSpan.FromSeconds(5));
        if (left > 0)
        {
            _logger.LogWarning("Producer closed with {Count} records unacknowledged; their callers saw failures", left);
        }

        _producer.Dispose();
    }

    private void OnError(Error error)
    {
        if (error.Code == ErrorCode.Local_AllBrokersDown)
        {
            Availability.MarkDown();
            return;
        }

        _logger.Log(error.IsFatal ? LogLevel.Error : LogLevel.Debug, "Kafka producer: {Reason} ({Code})", error.Reason, error.Code);
    }

    private void OnLog(LogMessage log)
    {
        var level = log.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical or SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            _ => LogLevel.Debug,
        };
        _logger.Log(level, "librdkafka {Facility}: {Message}", log.Facility, log.Message);
    }
}
