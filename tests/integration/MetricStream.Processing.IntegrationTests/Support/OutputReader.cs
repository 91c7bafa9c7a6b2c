using System.Diagnostics;
using Confluent.Kafka;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Records;
using MetricStream.SchemaRegistry.WireFormat;

namespace MetricStream.Processing.IntegrationTests.Support;

/// <summary>Reads an output topic from the start of every partition with a throwaway group.</summary>
internal static class OutputReader
{
    /// <summary>Reads until <paramref name="enough"/> holds for the records read so far, or the deadline passes.</summary>
    public static List<ConsumeResult<byte[]?, byte[]>> ReadUntil(string bootstrap, string topic, Func<List<ConsumeResult<byte[]?, byte[]>>, bool> enough, TimeSpan? timeout = null)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = $"reader-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var records = new List<ConsumeResult<byte[]?, byte[]>>();
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var watch = Stopwatch.StartNew();
        while (!enough(records))
        {
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"Read {records.Count} records from {topic}; the condition did not hold within {limit.TotalSeconds:0} s");
            }

            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } result)
            {
                records.Add(result);
            }
        }

        consumer.Close();
        return records;
    }

    public static WindowAggregate Aggregate(byte[] value)
    {
        ConfluentWireFormat.ReadHeader(value, out var body);
        var reader = new AvroBinaryReader(body);
        var aggregate = new WindowAggregate();
        WindowAggregateCodec.Read(ref reader, aggregate);
        return aggregate;
    }

    public static MetricPoint Point(byte[] value)
    {
        ConfluentWireFormat.ReadHeader(value, out var body);
        var reader = new AvroBinaryReader(body);
        var point = new MetricPoint();
        MetricPointCodec.Read(ref reader, point);
        return point;
    }

    public static GenericRecord DeadLetter(byte[] value)
    {
        ConfluentWireFormat.ReadHeader(value, out var body);
        return (GenericRecord)new GenericDatumReader(ProductSchemas.DeadLetter).Read(body)!;
    }
}
