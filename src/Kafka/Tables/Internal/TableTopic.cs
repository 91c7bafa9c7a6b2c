using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace MetricStream.Kafka.Tables.Internal;

/// <summary>Finds the table topic's partitions, creating the topic (compacted) first when it is missing and a provisioner is set.</summary>
internal static class TableTopic
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);

    /// <exception cref="TimeoutException">No partitions within <see cref="KafkaTableOptions.StartTimeout"/>.</exception>
    public static async Task<IReadOnlyList<int>> PartitionsAsync(IConsumer<byte[]?, byte[]?> consumer, KafkaTableOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var time = options.TimeProvider;
        var started = time.GetTimestamp();
        var provisioned = false;
        Exception? last = null;
        // Metadata of all topics, never of this one by name: a broker (and the mock) with auto-creation on would
        // create the topic, uncompacted, just because it was asked about.
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        while (true)
        {
            try
            {
                var metadata = admin.GetMetadata(MetadataTimeout).Topics.SingleOrDefault(t => t.Topic == options.Topic);
                if (metadata is { Error.IsError: false, Partitions.Count: > 0 })
                {
                    return [.. metadata.Partitions.Select(p => p.PartitionId).Order()];
                }

                if (metadata is null && !provisioned && options.Provisioner is { } provisioner)
                {
                    provisioned = true;
                    var spec = options.TopicSpec();
                    logger.LogInformation("Table topic {Topic} is missing: creating it ({Partitions} partition(s), cleanup.policy={Policy})", spec.Name, spec.Partitions, spec.CleanupPolicyValue);
                    await provisioner.EnsureAsync([spec], cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }
            catch (Exception ex) when (ex is KafkaException or InvalidOperationException)
            {
                // Another instance may have created it a moment earlier, or the brokers are not up yet: ask again.
                last = ex;
            }

            if (time.GetElapsedTime(started) > options.StartTimeout)
            {
                throw new TimeoutException($"table topic '{options.Topic}' has no partitions after {options.StartTimeout.TotalSeconds:0} s{(options.Provisioner is null ? " (it is not created: no provisioner)" : string.Empty)}", last);
            }

            await Task.Delay(RetryPause, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
