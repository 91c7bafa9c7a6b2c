using System.Buffers;
using Confluent.Kafka;
using MetricStream.Avro.Records;
using MetricStream.Kafka.Producing;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.Serdes;
using MetricStream.SchemaRegistry.WireFormat;

namespace MetricStream.Processing.IntegrationTests.Support;

/// <summary>
/// Test input: points of series <c>cpu,host=hN</c> field <c>usage</c> with explicit event times, written as
/// PointBatch records (one series per batch, each series always on the same partition, as the edge does)
/// in the Confluent wire format with the schema registered under <c>&lt;topic&gt;-value</c>.
/// </summary>
internal static class PointsInput
{
    public static readonly DateTimeOffset Base = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Deterministic points: for each series, minutes 0..minutes-1, several integer-valued points per minute, in time order.</summary>
    public static List<InputPoint> Generate(int series, int minutes)
    {
        var points = new List<InputPoint>();
        var random = new Random(42);
        for (var s = 0; s < series; s++)
        {
            for (var m = 0; m < minutes; m++)
            {
                var perMinute = 3 + random.Next(5);
                for (var i = 0; i < perMinute; i++)
                {
                    var at = Base.AddMinutes(m).AddSeconds(i * (55.0 / perMinute)).AddMilliseconds(s);
                    points.Add(new InputPoint($"h{s}", at, random.Next(0, 1000)));
                }
            }
        }

        return points;
    }

    public static int PartitionOf(string host, int partitions) => int.Parse(host.AsSpan(1), provider: null) % partitions;

    public static async Task<int> RegisterAsync(ISchemaRegistryClient registry, string topic) =>
        await registry.RegisterAsync(SubjectNames.ForValue(topic), ProductSchemas.Json("point-batch.avsc"));

    public static byte[] Encode(int schemaId, IEnumerable<InputPoint> points)
    {
        var batch = new PointBatch { Tenant = "acme", ReceivedAt = Base };
        foreach (var p in points)
        {
            var point = batch.AddPoint();
            point.Measurement = "cpu";
            point.Tenant = "acme";
            point.AddTag("host", p.Host).AddField("usage", FieldValue.Of(p.Value));
            point.Timestamp = p.At;
        }

        var buffer = new ArrayBufferWriter<byte>();
        ConfluentWireFormat.WriteHeader(buffer, schemaId);
        PointBatchCodec.Write(buffer, batch);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes one batch per series and minute, minute by minute (so stream time on a partition moves on
    /// only after every series on it sent that minute), each series to its own partition.
    /// </summary>
    public static async Task ProduceAsync(string bootstrap, string topic, int schemaId, IEnumerable<InputPoint> points)
    {
        using var producer = new DurableProducer(new ProducerSettings { BootstrapServers = bootstrap });
        var batches = points
            .GroupBy(p => (Minute: p.At.UtcTicks / TimeSpan.TicksPerMinute, p.Host))
            .OrderBy(g => g.Key.Minute)
            .ThenBy(g => g.Key.Host, StringComparer.Ordinal);
        foreach (var batch in batches)
        {
            await ProduceRawAsync(producer, topic, PartitionOf(batch.Key.Host, 3), Encode(schemaId, batch.OrderBy(p => p.At)));
        }
    }

    public static Task ProduceRawAsync(DurableProducer producer, string topic, int partition, byte[] value) =>
        producer.ProduceAsync(new TopicPartition(topic, new Partition(partition)), new Message<byte[]?, byte[]> { Value = value });
}

/// <summary>One input point.</summary>
internal sealed record InputPoint(string Host, DateTimeOffset At, double Value);
