// bench/sink: the same 5,000-line batches written (a) by wrk straight into influxd's /write and (b) through
// InfluxSink, reading them as PointBatch records (Avro, one record per 5,000 points) from a topic on the
// embedded Kafka broker. (a) and (b) alternate for --rounds rounds in one run, so each ratio compares
// figures taken under the same machine load; prints every round and the medians (target: b >= 0.9 x a).
//   run --seconds S --connections C --in-flight N --records R --gzip auto|true|false --rounds K --wrk PATH_TO_post.lua
using System.Buffers;
using System.Globalization;
using MetricStream.Avro.Records;
using MetricStream.Kafka.Embedded;
using MetricStream.Kafka.Producing;
using MetricStream.Sinks.InfluxDB;
using MetricStream.Sinks.LineProtocol;
using MetricStream.Sinks.Local;
using SinkBenchHost;

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

int IntArg(string name, string fallback) => int.Parse(Arg(name, fallback), CultureInfo.InvariantCulture);

const int Lines = 5000;
var seconds = IntArg("--seconds", "20");
var connections = IntArg("--connections", "4");
var inFlight = IntArg("--in-flight", connections.ToString(CultureInfo.InvariantCulture));
var records = IntArg("--records", "200");
var rounds = IntArg("--rounds", "3");
var gzip = Arg("--gzip", "auto"); // auto: the sink's default (no gzip for a loopback target); true: forced; false: off
var lua = Arg("--wrk", "bench/sink/post.lua");
var work = Directory.CreateTempSubdirectory("sink-bench-").FullName;
try
{
    await using var influx = await LocalInfluxd.StartAsync(new LocalInfluxdOptions { DataDirectory = Path.Combine(work, "influxd"), Port = Measure.FreePort() });
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

    // (b)'s input: the embedded (mock) broker keeps only ~5 MB per partition and drops older segments, so the
    // records are spread over enough partitions that each holds at most 4 MiB and all are still there to read.
    var encoded = new ArrayBufferWriter<byte>(512 * 1024);
    PointBatchCodec.Write(encoded, batch);
    var perPartition = Math.Max(1, 4 * 1024 * 1024 / encoded.WrittenCount);
    var partitions = (records + perPartition - 1) / perPartition;
    using var cluster = EmbeddedKafkaCluster.Start(1);
    cluster.CreateTopic("points", partitions, 1);
    using (var producer = new DurableProducer(new ProducerSettings { BootstrapServers = cluster.BootstrapServers }))
    {
        await Task.WhenAll(Enumerable.Range(0, records).Select(r => producer.ProduceAsync(
            new Confluent.Kafka.TopicPartition("points", new Confluent.Kafka.Partition(r % partitions)),
            new Confluent.Kafka.Message<byte[]?, byte[]> { Value = encoded.WrittenSpan.ToArray() })));
    }

    Console.WriteLine($"topic: {records} records of {encoded.WrittenCount / 1024} KiB in {partitions} partitions");
    Console.WriteLine($"sink: {inFlight} requests in flight, gzip {gzip}; wrk: {connections} connections");
    await using var sink = new InfluxSink(new InfluxSinkOptions
    {
        Targets = [new InfluxTargetOptions { Name = "local", Url = influx.Url }],
        Destinations = InfluxDestinationOptions.Defaults("bench"),
        BatchMaxLines = Lines,
        MaxConcurrentRequestsPerTarget = inFlight,
        Gzip = gzip != "false",
        GzipLoopback = gzip == "true",
    });
    await sink.StartAsync();

    // Warm-ups, one each: wrk's connections, and the sink's decode and write paths out of tier-0 JIT code.
    var wrkArgs = $"-t1 -c{connections} -d{seconds}s -s {lua} {influx.Url}write?db=bench&rp=raw&precision=ns";
    await Measure.WrkAsync(wrkArgs.Replace($"-d{seconds}s", "-d3s", StringComparison.Ordinal), work);
    await Measure.WarmUpAsync(sink, encoded.WrittenMemory, TimeSpan.FromSeconds(3));

    // CPU seconds per million lines (influxd's, and this process's during (b)): unlike lines/s, hardly moved by
    // what else runs on the machine, so they show what a change costs even when throughput figures are noise.
    var influxd = System.Diagnostics.Process.GetProcessById(influx.ProcessId ?? throw new InvalidOperationException("influxd is not running"));
    var self = System.Diagnostics.Process.GetCurrentProcess();
    double CpuPerMillion(TimeSpan cpu, double lines) => cpu.TotalSeconds * 1_000_000 / lines;
    var results = new List<(double A, double B)>();
    for (var round = 1; round <= rounds; round++)
    {
        influxd.Refresh();
        var influxCpu = influxd.TotalProcessorTime;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var a = await Measure.WrkAsync(wrkArgs, work) * Lines;
        influxd.Refresh();
        var aInfluxCpu = CpuPerMillion(influxd.TotalProcessorTime - influxCpu, a * watch.Elapsed.TotalSeconds);
        influxCpu = influxd.TotalProcessorTime;
        self.Refresh();
        var selfCpu = self.TotalProcessorTime;
        var before = sink.Snapshot().Targets[0];
        var parts = await Measure.ThroughSinkAsync(sink, cluster.BootstrapServers, partitions, records, inFlight * 2);
        var b = records * (double)Lines / parts.Total.TotalSeconds;
        influxd.Refresh();
        self.Refresh();
        var bInfluxCpu = CpuPerMillion(influxd.TotalProcessorTime - influxCpu, records * (double)Lines);
        var bSelfCpu = CpuPerMillion(self.TotalProcessorTime - selfCpu, records * (double)Lines);
        results.Add((a, b));
        var after = sink.Snapshot().Targets[0];
        var requests = after.Requests - before.Requests;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: a {a:0} lines/s, b {b:0} lines/s, b/a {b / a:0.00}; b_ms {parts}; requests {requests}, mean {(after.LatencyTotal - before.LatencyTotal).TotalMilliseconds / Math.Max(1, requests):0.0} ms, {(after.BytesSent - before.BytesSent) / Math.Max(1, requests) / 1024} KiB each"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round} cpu_s_per_million_lines: a influxd {aInfluxCpu:0.00}; b influxd {bInfluxCpu:0.00}, bench process {bSelfCpu:0.00}"));
    }

    Console.WriteLine($"a_wrk_direct_lines_per_s: {Measure.Median(results.Select(r => r.A)):0}");
    Console.WriteLine($"b_sink_from_topic_lines_per_s: {Measure.Median(results.Select(r => r.B)):0}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio_b_over_a: {Measure.Median(results.Select(r => r.B / r.A)):0.00} (median of {rounds} same-round ratios)"));
}
finally
{
    Directory.Delete(work, recursive: true);
}
