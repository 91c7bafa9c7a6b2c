// bench/sink: the same 5,000-line batches written (a) by wrk straight into influxd's /write and (b) through
// InfluxSink, reading them as PointBatch records (Avro, one record per 5,000 points) from a topic on the
// embedded Kafka broker. Prints lines/s for both and the ratio (target: b >= 0.9 x a).
//   run --seconds S --connections C --records R --wrk PATH_TO_post.lua
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Records;
using MetricStream.Kafka.Consuming;
using MetricStream.Kafka.Embedded;
using MetricStream.Kafka.Producing;
using MetricStream.Sinks.InfluxDB;
using MetricStream.Sinks.LineProtocol;
using MetricStream.Sinks.Local;

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

const int Lines = 5000;
var seconds = int.Parse(Arg("--seconds", "20"), CultureInfo.InvariantCulture);
var connections = int.Parse(Arg("--connections", "4"), CultureInfo.InvariantCulture);
var records = int.Parse(Arg("--records", "200"), CultureInfo.InvariantCulture);
var lua = Arg("--wrk", "bench/sink/post.lua");
var work = Directory.CreateTempSubdirectory("sink-bench-").FullName;
try
{
    await using var influx = await LocalInfluxd.StartAsync(new LocalInfluxdOptions { DataDirectory = Path.Combine(work, "influxd"), Port = FreePort() });
    Console.WriteLine($"influxdb: {influx.Url}");

    // One batch of 5,000 Telegraf-like points (500 hosts x 10 cpus), as the edge would produce it.
    var batch = new PointBatch { Tenant = "bench", ReceivedAt = DateTimeOffset.FromUnixTimeSeconds(1) };
    var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    for (var i = 0; i < Lines; i++)
    {
        var point = batch.AddPoint();
        point.Measurement = "cpu";
        point.TimestampNanos = (now * 1_000_000_000) + i;
        point.AddTag("cpu", $"cpu{i % 10}").AddTag("host", $"host-{i / 10:D4}").AddTag("region", "eu-west-1");
        point.AddField("usage_idle", 90.5 + (i % 7)).AddField("usage_user", 3.25).AddField("usage_system", 1.5 + (i % 3)).AddField("ticks", (long)i);
    }

    // (a) wrk posts the very lines the sink writes.
    using (var body = new LineBuffer())
    {
        for (var i = 0; i < batch.Count; i++)
        {
            InfluxLineWriter.TryWrite(body, batch[i], batch.Tenant);
        }

        await File.WriteAllBytesAsync(Path.Combine(work, "body.lp"), body.WrittenSpan.ToArray());
    }

    await using (var setup = new InfluxSink(new InfluxSinkOptions { Targets = [new InfluxTargetOptions { Name = "local", Url = influx.Url }], Destinations = InfluxDestinationOptions.Defaults("bench") }))
    {
        await setup.StartAsync();
    }

    var wrkArgs = $"-t1 -c{connections} -d{seconds}s -s {lua} {influx.Url}write?db=bench&rp=raw&precision=ns";
    var warm = await RunWrk(wrkArgs.Replace($"-d{seconds}s", "-d3s", StringComparison.Ordinal), work);
    var wrk = await RunWrk(wrkArgs, work);
    var direct = wrk * Lines;
    Console.WriteLine($"a_wrk_direct_lines_per_s: {direct:0}");

    // (b) topic -> PointBatch decode -> InfluxSink (5,000-line batches, gzip, `connections` requests in flight).
    // The embedded (mock) broker keeps only ~5 MB per partition and drops older segments: spread the records
    // over enough partitions that each holds at most 4 MiB, so every record is still there when it is read.
    var encoded = new ArrayBufferWriter<byte>(512 * 1024);
    PointBatchCodec.Write(encoded, batch);
    var perPartition = Math.Max(1, 4 * 1024 * 1024 / encoded.WrittenCount);
    var partitions = (records + perPartition - 1) / perPartition;
    using var cluster = EmbeddedKafkaCluster.Start(1);
    cluster.CreateTopic("points", partitions, 1);
    using (var producer = new DurableProducer(new ProducerSettings { BootstrapServers = cluster.BootstrapServers }))
    {
        var acks = Enumerable.Range(0, records)
            .Select(r => producer.ProduceAsync(new TopicPartition("points", new Partition(r % partitions)), new Message<byte[]?, byte[]> { Value = encoded.WrittenSpan.ToArray() }))
            .ToList();
        await Task.WhenAll(acks);
    }

    Console.WriteLine($"topic: {records} records of {encoded.WrittenCount / 1024} KiB in {partitions} partitions");
    await using var sink = new InfluxSink(new InfluxSinkOptions
    {
        Targets = [new InfluxTargetOptions { Name = "local", Url = influx.Url }],
        Destinations = InfluxDestinationOptions.Defaults("bench"),
        BatchMaxLines = Lines,
        MaxConcurrentRequestsPerTarget = connections,
        Gzip = Arg("--gzip", "true") == "true",
    });
    await sink.StartAsync();

    // Warm-up, as wrk gets one: the decode and write paths leave tier-0 JIT code and the connections open.
    var warmStart = Stopwatch.StartNew();
    var decoded = new PointBatch();
    while (warmStart.Elapsed < TimeSpan.FromSeconds(3))
    {
        var reader = new AvroBinaryReader(encoded.WrittenSpan);
        PointBatchCodec.Read(ref reader, decoded);
        await WriteAll(sink, decoded);
    }

    using var consumer = ConsumerDefaults.Create(new ConsumerSettings { BootstrapServers = cluster.BootstrapServers, GroupId = "bench" });

    // Assigned, not subscribed: a group join takes seconds on the mock and is no part of the sink's throughput.
    consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset("points", p, Offset.Beginning)));
    var pending = new Queue<Task>();
    var sections = new long[4]; // consume, decode, write, wait for the oldest batch
    var watch = new Stopwatch();
    for (var seen = 0; seen < records; seen++)
    {
        var started = Stopwatch.GetTimestamp();
        var result = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException("no record from the topic");
        if (seen == 0)
        {
            // The clock starts with the first record: the consumer's first fetch is start-up, not throughput.
            watch.Start();
            started = Stopwatch.GetTimestamp();
        }

        var consumed = Stopwatch.GetTimestamp();
        var reader = new AvroBinaryReader(result.Message.Value);
        PointBatchCodec.Read(ref reader, decoded);
        var decodedAt = Stopwatch.GetTimestamp();
        pending.Enqueue(WriteAll(sink, decoded));
        var written = Stopwatch.GetTimestamp();
        if (pending.Count >= connections * 2)
        {
            // Bounded in flight, as the engine is: wait for the oldest batch before reading further.
            await pending.Dequeue();
        }

        sections[0] += consumed - started;
        sections[1] += decodedAt - consumed;
        sections[2] += written - decodedAt;
        sections[3] += Stopwatch.GetTimestamp() - written;
    }

    await Task.WhenAll(pending);
    var through = records * (double)Lines / watch.Elapsed.TotalSeconds;
    consumer.Close();
    Console.WriteLine($"b_sink_from_topic_lines_per_s: {through:0}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"b_ms: total {watch.Elapsed.TotalMilliseconds:0}, consume {Ms(sections[0])}, decode {Ms(sections[1])}, sink.Write {Ms(sections[2])}, waiting for 2xx {Ms(sections[3])}"));
    Console.WriteLine($"ratio_b_over_a: {through / direct:0.00}");
    Console.WriteLine($"warmup_wrk_req_per_s: {warm:0.0}");
}
finally
{
    Directory.Delete(work, recursive: true);
}

static Task WriteAll(InfluxSink sink, PointBatch points)
{
    var last = Task.CompletedTask;
    for (var i = 0; i < points.Count; i++)
    {
        last = sink.Write(points[i], "raw", points.Tenant);
    }

    return last;
}

static string Ms(long ticks) => (ticks * 1000.0 / Stopwatch.Frequency).ToString("0", CultureInfo.InvariantCulture);

static async Task<double> RunWrk(string arguments, string work)
{
    var info = new ProcessStartInfo("wrk", arguments) { RedirectStandardOutput = true, UseShellExecute = false };
    info.Environment["BODY"] = Path.Combine(work, "body.lp");
    using var process = Process.Start(info)!;
    var output = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    var match = Regex.Match(output, @"Requests/sec:\s+([0-9.]+)");
    return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException("wrk said: " + output);
}

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}
