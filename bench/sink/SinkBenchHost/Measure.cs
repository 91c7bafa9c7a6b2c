using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Records;
using MetricStream.Kafka.Consuming;
using MetricStream.Sinks.InfluxDB;

namespace SinkBenchHost;

/// <summary>Where (b)'s time went in one round.</summary>
internal sealed record Breakdown(TimeSpan Total, TimeSpan Consume, TimeSpan Decode, TimeSpan Write, TimeSpan Wait)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"total {Total.TotalMilliseconds:0}, consume {Consume.TotalMilliseconds:0}, decode {Decode.TotalMilliseconds:0}, sink.Write {Write.TotalMilliseconds:0}, waiting for 2xx {Wait.TotalMilliseconds:0}");
}

/// <summary>The two sides of the bench.</summary>
internal static class Measure
{
    /// <summary>(a): runs wrk and returns its requests per second.</summary>
    public static async Task<double> WrkAsync(string arguments, string work)
    {
        var info = new ProcessStartInfo("wrk", arguments) { RedirectStandardOutput = true, UseShellExecute = false };
        info.Environment["BODY"] = Path.Combine(work, "body.lp");
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var match = Regex.Match(output, @"Requests/sec:\s+([0-9.]+)");
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException("wrk said: " + output);
    }

    /// <summary>Decodes and writes the encoded batch through the sink for <paramref name="duration"/>.</summary>
    public static async Task WarmUpAsync(InfluxSink sink, ReadOnlyMemory<byte> encoded, TimeSpan duration)
    {
        var watch = Stopwatch.StartNew();
        var decoded = new PointBatch();
        while (watch.Elapsed < duration)
        {
            var reader = new AvroBinaryReader(encoded.Span);
            PointBatchCodec.Read(ref reader, decoded);
            await WriteAll(sink, decoded);
        }
    }

    /// <summary>
    /// (b): reads every record of the topic from the beginning, decodes it and writes its points through the
    /// sink, at most <paramref name="maxPending"/> records' writes unacknowledged (as the engine bounds them).
    /// Timed from the first record consumed: the consumer's first fetch is start-up, not throughput.
    /// </summary>
    public static async Task<Breakdown> ThroughSinkAsync(InfluxSink sink, string bootstrap, int partitions, int records, int maxPending)
    {
        // Assigned, not subscribed: a group join takes seconds on the mock and is no part of the sink's throughput.
        using var consumer = ConsumerDefaults.Create(new ConsumerSettings { BootstrapServers = bootstrap, GroupId = "bench" });
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset("points", p, Offset.Beginning)));
        var pending = new Queue<Task>();
        var decoded = new PointBatch();
        var sections = new long[4]; // consume, decode, write, wait for the oldest batch
        var watch = new Stopwatch();
        for (var seen = 0; seen < records; seen++)
        {
            var started = Stopwatch.GetTimestamp();
            var result = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException("no record from the topic");
            if (seen == 0)
            {
                watch.Start();
                started = Stopwatch.GetTimestamp();
            }

            var consumed = Stopwatch.GetTimestamp();
            var reader = new AvroBinaryReader(result.Message.Value);
            PointBatchCodec.Read(ref reader, decoded);
            var decodedAt = Stopwatch.GetTimestamp();
            pending.Enqueue(WriteAll(sink, decoded));
            var written = Stopwatch.GetTimestamp();
            if (pending.Count >= maxPending)
            {
                await pending.Dequeue();
            }

            sections[0] += consumed - started;
            sections[1] += decodedAt - consumed;
            sections[2] += written - decodedAt;
            sections[3] += Stopwatch.GetTimestamp() - written;
        }

        await Task.WhenAll(pending);
        watch.Stop();
        consumer.Close();
        return new Breakdown(watch.Elapsed, Ticks(sections[0]), Ticks(sections[1]), Ticks(sections[2]), Ticks(sections[3]));
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static TimeSpan Ticks(long stopwatchTicks) => TimeSpan.FromSeconds(stopwatchTicks / (double)Stopwatch.Frequency);

    private static Task WriteAll(InfluxSink sink, PointBatch points)
    {
        var last = Task.CompletedTask;
        for (var i = 0; i < points.Count; i++)
        {
            last = sink.Write(points[i], "raw", points.Tenant);
        }

        return last;
    }
}
