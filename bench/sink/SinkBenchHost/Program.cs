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
    using var cluster = EmbeddedKafkaCluster.Start(1);
    cluster.CreateTopic("points", 1, 1);
    var encoded = new ArrayBufferWriter<byte>(512 * 1024);
    PointBatchCodec.Write(encoded, batch);
    using (var producer = new DurableProducer(new ProducerSettings { BootstrapServers = cluster.BootstrapServers }))
    {
        var acks = Enumerable.Range(0, records).Select(_ => producer.ProduceAsync("points", new Message<byte[]?, byte[]> { Value = encoded.WrittenSpan.ToArray() })).ToList();
        await Task.WhenAll(acks);
    }

    await using var sink = new InfluxSink(new InfluxSinkOptions
    {
        Targets = [new InfluxTargetOptions { Name = "local", Url = influx.Url }],
        Destinations = InfluxDestinationOptions.Defaults("bench"),
        BatchMaxLines = Lines,
        MaxConcurrentRequestsPerTarget = connections,
        Gzip = Arg("--gzip", "true") == "true",
    });
    await sink.StartAsync();
    using var consumer = ConsumerDefaults.Create(new ConsumerSettings { BootstrapServers = cluster.BootstrapServers, GroupId = "bench" });
    consumer.Subscribe("points");
    var decoded = new PointBatch();
    var pending = new List<Task>();
    var watch = Stopwatch.StartNew();
    for (var seen = 0; seen < records;)
    {
        var result = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException("no record from the topic");
        var reader = new AvroBinaryReader(result.Message.Value);
        PointBatchCodec.Read(ref reader, decoded);
        Task last = Task.CompletedTask;
        for (var i = 0; i < decoded.Count; i++)
        {
            last = sink.Write(decoded[i], "raw", decoded.Tenant);
        }

        pending.Add(last);
        seen++;
        if (pending.Count >= connections * 2)
        {
            // Bounded in flight, as the engine is: wait for the oldest batch before reading further.
            await pending[0];
            pending.RemoveAt(0);
        }
    }

    await Task.WhenAll(pending);
    var through = records * (double)Lines / watch.Elapsed.TotalSeconds;
    consumer.Close();
    Console.WriteLine($"b_sink_from_topic_lines_per_s: {through:0}");
    Console.WriteLine($"ratio_b_over_a: {through / direct:0.00}");
    Console.WriteLine($"warmup_wrk_req_per_s: {warm:0.0}");
}
finally
{
    Directory.Delete(work, recursive: true);
}

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
