using System.Diagnostics;
using Confluent.Kafka;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Records;
using MetricStream.Kafka.Consuming;
using MetricStream.SchemaRegistry.WireFormat;

namespace MetricStream.Bench.Engine;

/// <summary>
/// (a) The ceiling: one thread consumes every partition of the topic from the beginning with the engine's
/// consumer settings and decodes each batch with the hot codec into one reused <see cref="PointBatch"/>
/// and a string pool. No processing, no commits, no outputs.
/// </summary>
internal static class BareConsumeLoop
{
    public static (long Points, TimeSpan Elapsed) Run(string bootstrap, string topic, int partitions, long records)
    {
        var settings = new ConsumerSettings { BootstrapServers = bootstrap, GroupId = "bench-bare-" + Guid.NewGuid().ToString("N"), ClientId = "bench-bare", ReadCommitted = false };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(ConsumerDefaults.Build(settings)).Build();
        var batch = new PointBatch();
        var strings = new Utf8StringPool(1 << 16);
        long points = 0;
        long seen = 0;
        var clock = Stopwatch.StartNew();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        while (seen < records)
        {
            var record = consumer.Consume(TimeSpan.FromSeconds(1));
            if (record is null)
            {
                if (clock.Elapsed > TimeSpan.FromMinutes(2))
                {
                    throw new TimeoutException($"bare loop: {seen} of {records} records after 2 minutes");
                }

                continue;
            }

            seen++;
            ConfluentWireFormat.ReadHeader(record.Message.Value, out var body);
            var reader = new AvroBinaryReader(body);
            PointBatchCodec.Read(ref reader, batch, strings);
            for (var i = 0; i < batch.Count; i++)
            {
                // Touch what every processor reads, so the decode is not dead code.
                points += batch[i].Fields.Count > 0 ? 1 : 0;
            }
        }

        var elapsed = clock.Elapsed;
        consumer.Close();
        return (points, elapsed);
    }
}
