using System.Diagnostics;
using Confluent.Kafka;
using MetricStream.Avro;
using MetricStream.Processing.Execution.Internal;
using MetricStream.SchemaRegistry.WireFormat;

namespace MetricStream.Processing.State.Internal;

/// <summary>What a restore found.</summary>
/// <param name="Position">The input position of the last complete checkpoint, or null when there is none (start from the committed offset, with empty state).</param>
/// <param name="NextId">The id for the task's next checkpoint: past every id found, torn checkpoints included.</param>
/// <param name="Windows">Open windows restored, plus one per alert processor whose state was restored.</param>
/// <param name="RecordsRead">Changelog records read.</param>
internal sealed record RestoreResult(long? Position, long NextId, int Windows, long RecordsRead);

/// <summary>
/// Restores the window processors of one task from their changelogs, exactly as of the last complete
/// checkpoint (see <see cref="TaskCheckpointer"/>): reads the primary changelog partition to its end to find
/// the markers, then applies, in log order, only changes whose checkpoint id has a marker, in every
/// changelog; then the processors' clocks of the last marker. The mock cluster has no compaction, so this
/// reads the whole history; on real Kafka the changelogs are compacted and restore reads about one record
/// per open window.
/// </summary>
internal static class ChangelogRestorer
{
    /// <exception cref="InvalidOperationException">A changelog record is corrupt, or its state does not fit the topology.</exception>
    /// <exception cref="TimeoutException">The changelog could not be read to its end within <paramref name="timeout"/>.</exception>
    public static RestoreResult Restore(string bootstrapServers, string inputTopic, int partition, IReadOnlyList<WindowAggregateProcessor> windows, IReadOnlyList<string> topics, TimeSpan timeout, IReadOnlyList<AlertProcessor>? alerts = null)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "metricstream-restore",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = false,
        }).Build();
        return Apply([.. topics.Select(t => Read(consumer, t, partition, inputTopic, timeout))], windows, alerts);
    }

    /// <summary>Applies the changelog records of one task (one list per window processor, then per alert processor, in log order; markers in the first).</summary>
    public static RestoreResult Apply(IReadOnlyList<List<ChangelogRecord>> logs, IReadOnlyList<WindowAggregateProcessor> windows, IReadOnlyList<AlertProcessor>? alerts = null)
    {
        var markers = logs[0].Where(r => r.Change?.Marker is not null).ToDictionary(r => r.Checkpoint, r => r.Change!.Marker!);
        var maxId = logs.SelectMany(l => l).Select(r => r.Checkpoint).DefaultIfEmpty(0).Max();
        var read = logs.Sum(l => (long)l.Count);
        if (markers.Count == 0)
        {
            return new RestoreResult(null, maxId + 1, 0, read);
        }

        var restored = 0;
        for (var i = 0; i < windows.Count; i++)
        {
            var open = new Dictionary<string, WindowState>(StringComparer.Ordinal);
            foreach (var record in logs[i].Where(r => markers.ContainsKey(r.Checkpoint) && r.Change?.Marker is null))
            {
                if (record.Change?.Window is { } state)
                {
                    open[record.Key] = state;
                }
                else
                {
                    open.Remove(record.Key);
                }
            }

            foreach (var state in open.Values)
            {
                windows[i].Restore(state);
            }

            restored += open.Count;
        }

        for (var j = 0; j < (alerts?.Count ?? 0); j++)
        {
            // The latest complete state wins: each checkpoint that changed the state wrote all of it.
            if (logs[windows.Count + j].LastOrDefault(r => markers.ContainsKey(r.Checkpoint) && r.Change?.Alerts is not null) is { } latest)
            {
                RestoreAlerts(alerts![j], latest.Change!.Alerts!.State);
                restored++;
            }
        }

        var last = markers[markers.Keys.Max()];
        foreach (var window in windows)
        {
            if (last.Processors.FirstOrDefault(c => c.Processor == window.Name) is { } clock)
            {
                window.Restore(clock);
            }
        }

        return new RestoreResult(last.InputPosition, maxId + 1, restored, read);
    }

    private static void RestoreAlerts(AlertProcessor alerts, byte[] state)
    {
        try
        {
            alerts.Restore(state);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidOperationException($"changelog of '{alerts.Name}' holds an alert state the processor cannot restore ({ex.Message}); use a new application id or delete the changelog topic", ex);
        }
    }

    private static List<ChangelogRecord> Read(IConsumer<byte[]?, byte[]?> consumer, string topic, int partition, string inputTopic, TimeSpan timeout)
    {
        var tp = new TopicPartition(topic, new Partition(partition));
        var watermarks = consumer.QueryWatermarkOffsets(tp, timeout);
        var records = new List<ChangelogRecord>();
        if (watermarks.High.Value <= watermarks.Low.Value)
        {
            return records;
        }

        consumer.Assign(new TopicPartitionOffset(tp, watermarks.Low));
        // A network timeout, not stream logic: measured on the monotonic clock even when the task's time is faked.
        var started = Stopwatch.GetTimestamp();
        try
        {
            while (true)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result is null)
                {
                    // Offsets may have gaps (compaction): the position passing the end offset also means done.
                    if (consumer.Position(tp).Value >= watermarks.High.Value)
                    {
                        return records;
                    }

                    if (Stopwatch.GetElapsedTime(started) > timeout)
                    {
                        throw new TimeoutException($"changelog {tp} not read to its end ({watermarks.High.Value}) within {timeout}");
                    }

                    continue;
                }

                if (ChangelogNames.BelongsTo(result.Message.Key, inputTopic) && ChangelogNames.Checkpoint(result.Message.Headers) is { } id)
                {
                    records.Add(new ChangelogRecord(System.Text.Encoding.UTF8.GetString(result.Message.Key!), id, Decode(result)));
                }

                if (result.Offset.Value >= watermarks.High.Value - 1)
                {
                    return records;
                }
            }
        }
        finally
        {
            consumer.Unassign();
        }
    }

    private static WindowStoreChange? Decode(ConsumeResult<byte[]?, byte[]?> result)
    {
        if (result.Message.Value is not { } value)
        {
            return null;
        }

        try
        {
            ConfluentWireFormat.ReadHeader(value, out var body);
            return WindowStoreChangeCodec.Read(body);
        }
        catch (Exception ex) when (ex is WireFormatException or AvroException)
        {
            throw new InvalidOperationException($"changelog record {result.TopicPartitionOffset} is corrupt: {ex.Message}", ex);
        }
    }
}

/// <summary>One changelog record of a task: its key, checkpoint id, and value (null: a tombstone).</summary>
internal sealed record ChangelogRecord(string Key, long Checkpoint, WindowStoreChange? Change);
