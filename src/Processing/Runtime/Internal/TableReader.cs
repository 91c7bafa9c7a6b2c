using System.Text;
using Confluent.Kafka;
using MetricStream.Processing.Tables;
using MetricStream.Processing.Topology;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.WireFormat;
using Microsoft.Extensions.Logging;

namespace MetricStream.Processing.Runtime.Internal;

/// <summary>
/// Reads the table topics of a topology's joins into a <see cref="TableStore"/>, like Kafka Streams' global
/// tables: every partition from the beginning, first up to the end offsets seen at start (before any task
/// processes, so joins see the whole table), then continuously. Undecodable table records are logged and
/// skipped. Runs on its own thread; <see cref="CatchUp"/> and <see cref="Follow"/> are called once each, in order.
/// </summary>
internal sealed class TableReader(Topology.Topology topology, string bootstrapServers, RecordDecoder decoder, TableStore store, ILogger logger) : IDisposable
{
    private IConsumer<byte[]?, byte[]?>? _consumer;

    /// <summary>Assigns every partition of every table topic and reads up to their current end.</summary>
    /// <exception cref="TimeoutException">The tables could not be read to their end within <paramref name="timeout"/>.</exception>
    public void CatchUp(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"{topology.Name}-tables",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
        }).Build();
        using var admin = new DependentAdminClientBuilder(_consumer.Handle).Build();
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
        var partitions = topology.TableTopics
            .SelectMany(t => metadata.Topics.SingleOrDefault(m => m.Topic == t)?.Partitions.Select(p => new TopicPartition(t, p.PartitionId))
                ?? throw new InvalidOperationException($"table topic '{t}' does not exist; create it (metric-point records) before starting"))
            .ToList();
        var ends = partitions.ToDictionary(p => p, p => _consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
        _consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var pending = ends.Where(e => e.Value > 0).Select(e => e.Key).ToHashSet();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (pending.Count > 0)
        {
            if (System.Diagnostics.Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"table topics not read to their end within {timeout}: {string.Join(", ", pending)}");
            }

            if (Next(TimeSpan.FromMilliseconds(200), cancellationToken) is { } result)
            {
                if (result.Offset.Value >= ends[result.TopicPartition] - 1)
                {
                    pending.Remove(result.TopicPartition);
                }
            }
            else
            {
                // Offsets may have gaps (compaction): a position at or past the end offset also means done.
                pending.RemoveWhere(p => _consumer.Position(p).Value >= ends[p]);
            }
        }

        logger.LogInformation("{App}: tables {Topics} loaded, {Rows} rows", topology.Name, string.Join(", ", topology.TableTopics), store.Count);
    }

    /// <summary>Keeps applying table updates until <paramref name="cancellationToken"/> is cancelled.</summary>
    public void Follow(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            _ = Next(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    public void Dispose()
    {
        _consumer?.Close();
        _consumer?.Dispose();
    }

    private ConsumeResult<byte[]?, byte[]?>? Next(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var result = _consumer!.Consume(timeout);
        if (result is null)
        {
            return null;
        }

        var key = result.Message.Key is { } k ? Encoding.UTF8.GetString(k) : null;
        try
        {
            var row = result.Message.Value is null ? null : (Avro.Records.MetricPoint)decoder.DecodeAsync(SourceSchema.MetricPoint, result.Message.Value, cancellationToken).AsTask().GetAwaiter().GetResult();
            store.Apply(result.Topic, key, row, topology.TableKeys(result.Topic));
        }
        catch (Exception ex) when (ex is WireFormatException or SchemaRegistryException)
        {
            logger.LogWarning("Table record {Position} skipped: {Reason}", result.TopicPartitionOffset, ex.Message);
        }

        return result;
    }
}
