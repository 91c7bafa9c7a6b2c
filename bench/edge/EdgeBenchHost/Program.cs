// The pieces bench/edge/run.sh measures, one role per process:
// Each runs until SIGTERM/SIGINT, or until stdin closes with --until-stdin-closes.
//   broker --partitions N                     embedded Kafka (librdkafka mock, 3 brokers); prints "bootstrap: ..."
//   edge --bootstrap B --topic T --key-file F [--registry URL]
//                                             registry (unless --registry is given) + edge; prints "edge: URL" and
//                                             "key: K"; when stopped prints "records_acked: N" and
//                                             "records_in_kafka: M", then stops.
//   body --lines N --out FILE                 a line protocol body of N Telegraf-like lines (ns timestamps, now)
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;
using MetricStream.Edge;
using MetricStream.Edge.Tenants;
using MetricStream.Kafka.Embedded;
using MetricStream.SchemaRegistry.Server;

var mode = args.Length > 0 ? args[0] : "help";
string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

// Runs until SIGTERM or SIGINT, or (with --until-stdin-closes, as run.sh uses it) until stdin closes.
async Task WaitForStopAsync()
{
    var stop = new TaskCompletionSource();
    using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
    using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
    if (args.Contains("--until-stdin-closes"))
    {
        _ = Task.Run(async () =>
        {
            await Console.In.ReadToEndAsync();
            stop.TrySetResult();
        });
    }

    await stop.Task;
}

switch (mode)
{
    case "broker":
    {
        using var cluster = EmbeddedKafkaCluster.Start(3);
        cluster.CreateTopic(Arg("--topic", "metrics.points"), int.Parse(Arg("--partitions", "6"), CultureInfo.InvariantCulture), 3);
        cluster.CreateTopic("_schemas", 1, 3);
        Console.WriteLine($"bootstrap: {cluster.BootstrapServers}");
        await WaitForStopAsync();
        return 0;
    }

    case "edge":
    {
        var bootstrap = Arg("--bootstrap", "127.0.0.1:9092");
        var topic = Arg("--topic", "metrics.points");
        var keyFile = Arg("--key-file", "keys");
        var key = await KeyStore.AddAsync(keyFile, Arg("--tenant", "bench"));
        var registryUrl = Arg("--registry", string.Empty);
        await using var registry = registryUrl.Length > 0 ? null : await EmbeddedRegistryServer.StartAsync(new RegistryServerOptions
        {
            BootstrapServers = bootstrap,
            ListenUrl = new Uri("http://127.0.0.1:0"),
        });
        var edge = await EdgeServer.StartAsync(new EdgeOptions
        {
            BootstrapServers = bootstrap,
            RegistryUrl = registry?.Url ?? new Uri(registryUrl),
            Keys = KeyStore.Load(keyFile),
            Topic = topic,
            ListenUrl = new Uri($"http://127.0.0.1:{Arg("--port", "0")}"),
        });
        Console.WriteLine($"edge: {edge.Url}");
        Console.WriteLine($"key: {key}");
        await WaitForStopAsync();
        var acked = edge.Metrics.Records.Get();
        var partitions = edge.PartitionCount;
        await edge.DisposeAsync();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "bench-check" }).Build();
        long inKafka = 0;
        for (var p = 0; p < partitions; p++)
        {
            inKafka += consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value;
        }

        Console.WriteLine($"records_acked: {acked}");
        Console.WriteLine($"records_in_kafka: {inKafka}");
        return 0;
    }

    case "body":
    {
        var lines = int.Parse(Arg("--lines", "5000"), CultureInfo.InvariantCulture);
        var now = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000) * 1_000_000;
        var text = new StringBuilder();
        var random = new Random(42);
        for (var i = 0; i < lines; i++)
        {
            var host = i % 100;
            text.Append(CultureInfo.InvariantCulture, $"cpu,host=server-{host:000},region=eu-west-{host % 3},cpu=cpu{i % 8} ")
                .Append(CultureInfo.InvariantCulture, $"usage_user={random.NextDouble() * 100:0.###},usage_system={random.NextDouble() * 10:0.###},usage_idle={random.NextDouble() * 100:0.###},processes={random.Next(100, 500)}i ")
                .Append(now + i).Append('\n');
        }

        await File.WriteAllTextAsync(Arg("--out", "body.lp"), text.ToString());
        return 0;
    }

    default:
        Console.Error.WriteLine("usage: EdgeBenchHost broker|edge|body [options] (see bench/edge/run.sh)");
        return 2;
}
