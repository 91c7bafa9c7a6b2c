using System.Buffers;
using Confluent.Kafka;
using MetricStream.Avro.Records;
using MetricStream.SchemaRegistry.WireFormat;

namespace MetricStream.Bench.Engine;

/// <summary>What the filler wrote: data records and points per partition, and the two end markers per partition.</summary>
internal sealed record FillResult(long Points, long Records, long[] DataRecordsPerPartition, TimeSpan Elapsed);

/// <summary>
/// Writes N points over K series into the input topic as the edge does: each "request" of
/// <see cref="BenchOptions.RequestPoints"/> points becomes one <see cref="PointBatch"/> record per partition
/// its series map to, encoded with the shared codec in the Confluent wire format. Points go round by
/// round (every series once per round, rounds <see cref="BenchOptions.Interval"/> apart in event time).
/// After the data, every partition gets two one-point marker records, 2 h and 4 h after the last data:
/// the first closes every data window of the 1-minute rollup, and its 1-minute rollup (emitted when the
/// second arrives) closes the data's 1-hour windows, so every data offset becomes committable without
/// waiting for the wall-clock idle rule. The markers' own windows stay open (their offsets are not waited for).
/// </summary>
internal static class PointFiller
{
    public static FillResult Fill(string bootstrap, string topic, int schemaId, BenchOptions options)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrap,
            Acks = Acks.All,
            EnableIdempotence = true,
            CompressionType = CompressionType.Lz4,
            LingerMs = 5,
            BatchSize = 200_000,
            QueueBufferingMaxKbytes = 512 * 1024,
            QueueBufferingMaxMessages = 100_000,
        };
        using var producer = new ProducerBuilder<byte[]?, byte[]>(config).Build();
        var batches = new PointBatch[options.Partitions];
        for (var p = 0; p < batches.Length; p++)
        {
            batches[p] = new PointBatch { Tenant = SeriesShape.Tenant, Bucket = "telegraf/autogen" };
        }

        var perPartition = new long[options.Partitions];
        long records = 0;
        var failed = 0L;
        var buffer = new ArrayBufferWriter<byte>(256 * 1024);
        void Send(int partition, PointBatch batch)
        {
            buffer.ResetWrittenCount();
            ConfluentWireFormat.WriteHeader(buffer, schemaId);
            PointBatchCodec.Write(buffer, batch);
            var message = new Message<byte[]?, byte[]> { Value = buffer.WrittenSpan.ToArray() };
            while (true)
            {
                try
                {
                    producer.Produce(new TopicPartition(topic, partition), message, r =>
                    {
                        if (r.Error.IsError)
                        {
                            Interlocked.Increment(ref failed);
                        }
                    });
                    break;
                }
                catch (ProduceException<byte[]?, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(10));
                }
            }

            records++;
        }

        for (long i = 0; i < options.Points;)
        {
            var end = Math.Min(options.Points, i + options.RequestPoints);
            foreach (var batch in batches)
            {
                batch.Clear();
                batch.Tenant = SeriesShape.Tenant;
                batch.Bucket = "telegraf/autogen";
                batch.ReceivedAt = SeriesShape.Start;
            }

            for (; i < end; i++)
            {
                var series = (int)(i % options.Series);
                SeriesShape.Fill(batches[SeriesShape.PartitionOf(series, options.Partitions)].AddPoint(), series, i / options.Series, options.Fields, options.Interval);
            }

            for (var p = 0; p < batches.Length; p++)
            {
                if (batches[p].Count > 0)
                {
                    Send(p, batches[p]);
                    perPartition[p]++;
                }
            }
        }

        var lastRound = (options.Points - 1) / options.Series;
        var lastData = SeriesShape.Start + (options.Interval * lastRound);
        foreach (var offset in new[] { TimeSpan.FromHours(2), TimeSpan.FromHours(4) })
        {
            for (var p = 0; p < options.Partitions; p++)
            {
                var marker = new PointBatch { Tenant = SeriesShape.Tenant };
                var point = marker.AddPoint();
                point.Measurement = "bench_marker";
                point.AddField("value", FieldValue.Of(0.0));
                point.Timestamp = lastData + offset;
                Send(p, marker);
            }
        }

        var left = producer.Flush(TimeSpan.FromMinutes(2));
        if (left > 0 || Interlocked.Read(ref failed) > 0)
        {
            throw new InvalidOperationException($"filling failed: {left} records not delivered, {failed} failed");
        }

        // Every record must be in the topic: the runs below wait for all of them.
        using var check = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "bench-check" }).Build();
        var marks = Enumerable.Range(0, options.Partitions).Select(p => check.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10))).ToList();
        if (marks.Sum(w => w.High.Value - w.Low.Value) != records)
        {
            // librdkafka's mock broker keeps about 5 MB per partition and drops the oldest segments beyond that.
            throw new InvalidOperationException($"filling: {records} records produced but the topic holds offsets {string.Join(", ", marks.Select(w => $"{w.Low.Value}..{w.High.Value}"))}: " +
                "the mock broker dropped old segments (it keeps about 5 MB per partition); use more --partitions or fewer --points");
        }

        return new FillResult(options.Points, records, perPartition, started.Elapsed);
    }
}
