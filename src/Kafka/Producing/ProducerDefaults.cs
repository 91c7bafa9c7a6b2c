using System.Globalization;
using Confluent.Kafka;

namespace MetricStream.Kafka.Producing;

/// <summary>Turns <see cref="ProducerSettings"/> into the librdkafka configuration we run with.</summary>
public static class ProducerDefaults
{
    /// <summary>
    /// Builds the producer configuration: idempotent (<c>enable.idempotence=true</c>, which implies
    /// <c>acks=all</c> and at most 5 in-flight requests per connection, preserving order across
    /// retries), lz4 compression, and the linger, queue and timeout values of <paramref name="settings"/>.
    /// </summary>
    public static ProducerConfig Build(ProducerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var config = new ProducerConfig
        {
            BootstrapServers = settings.BootstrapServers,
            ClientId = settings.ClientId,
            EnableIdempotence = true,
            Acks = Acks.All,
            MaxInFlight = 5,
            CompressionType = CompressionType.Lz4,
            LingerMs = settings.Linger.TotalMilliseconds,
            BatchSize = 1_000_000,
            MessageTimeoutMs = (int)settings.DeliveryTimeout.TotalMilliseconds,
            QueueBufferingMaxMessages = settings.QueueMaxMessages,
            QueueBufferingMaxKbytes = settings.QueueMaxKilobytes,
            SocketKeepaliveEnable = true,
            StatisticsIntervalMs = (int)settings.StatisticsInterval.TotalMilliseconds,
            // Only the delivery result is needed; skip copying values back into reports.
            DeliveryReportFields = "key,status",
            TransactionalId = settings.TransactionalId,
        };
        foreach (var (key, value) in settings.Overrides)
        {
            config.Set(key, value);
        }

        return config;
    }

    /// <summary>Formats a configuration for logs, one <c>key=value</c> per line, sorted.</summary>
    public static string Describe(IEnumerable<KeyValuePair<string, string>> config) =>
        string.Join('\n', config.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value}")));
}
