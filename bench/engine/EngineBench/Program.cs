// The streams engine benchmark (issue 5, Performance); run it with bench/engine/run.sh.
// Fills metrics.points on the embedded broker (schema in the embedded registry) with N points over K series,
// then in one process measures (a) a bare consume + decode loop, (b) the rollups topology through
// StreamsApplication until every data offset is committed, and (c) the window state of many active series.
using System.Diagnostics;
using System.Globalization;
using MetricStream.Avro.Records;
using MetricStream.Bench.Engine;
using MetricStream.Kafka.Embedded;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.Server;

var options = BenchOptions.Parse(args);
if (options.Fields is < 1 or > 4 || options.StateFields is < 1 or > 4)
{
    Console.Error.WriteLine("--fields and --state-fields must be 1 to 4");
    return 2;
}

if (options.ProcessOnly)
{
    var (onlyPoints, onlyElapsed, onlyCpu) = InMemoryRun.Run(options);
    Console.WriteLine($"(p) process : {onlyPoints / onlyElapsed.TotalSeconds:N0} points/s ({onlyElapsed.TotalSeconds:F2} s; {onlyPoints / onlyCpu.TotalSeconds:N0} points per CPU-second)");
    return 0;
}

if (options.StateOnly)
{
    PrintState(WindowStateProbe.Run(options), rss: true);
    return 0;
}

static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);
const string Topic = "metrics.points";

Console.WriteLine($"engine bench: N={options.Points:N0} points, K={options.Series:N0} series, {options.Fields} fields/point, {options.Partitions} partitions, " +
    $"{options.RequestPoints} points/request, interval {options.Interval.TotalSeconds} s, topology {options.Topology}; {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Trim()}");
using var cluster = EmbeddedKafkaCluster.Start(3);
foreach (var topic in new[] { Topic, "metrics.rollup.1m", "metrics.rollup.1h", "metrics.late", "metrics.dead-letters" })
{
    cluster.CreateTopic(topic, options.Partitions, 3);
}

// The engine's changelog topics (<application id>-<processor>-changelog) need one partition per input partition;
// the mock broker would auto-create them with its default count.
var topologyFile = MetricStream.Processing.Topology.TopologyLoader.LoadFile(options.Topology);
foreach (var window in topologyFile.Nodes.OfType<MetricStream.Processing.Topology.WindowAggregateNode>())
{
    cluster.CreateTopic($"{topologyFile.Name}-{window.Name}-changelog", options.Partitions, 3);
}

cluster.CreateTopic("_schemas", 1, 3);
await using var registry = await EmbeddedRegistryServer.StartAsync(new RegistryServerOptions { BootstrapServers = cluster.BootstrapServers, ListenUrl = new Uri("http://127.0.0.1:0") });
int schemaId;
using (var client = new SchemaRegistryClient(new SchemaRegistryClientOptions { Url = registry.Url }))
{
    schemaId = await client.RegisterAsync(Topic + "-value", ProductSchemas.Json("point-batch.avsc"));
}

var fill = PointFiller.Fill(cluster.BootstrapServers, Topic, schemaId, options);
Console.WriteLine($"filled      : {fill.Points:N0} points in {fill.Records:N0} records ({fill.Points / Math.Max(1, fill.Records - (2 * options.Partitions)):N0} points/record) in {fill.Elapsed.TotalSeconds:F1} s");

// Process CPU per phase as well: on a shared machine points per CPU-second move much less with the load than points/s.
static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;
var cpuBare = Cpu();
var (barePoints, bareElapsed) = BareConsumeLoop.Run(cluster.BootstrapServers, Topic, options.Partitions, fill.Records);
cpuBare = Cpu() - cpuBare;
var bare = barePoints / bareElapsed.TotalSeconds;
Console.WriteLine($"(a) bare    : {Rate(bare)} points/s  ({barePoints:N0} points decoded in {bareElapsed.TotalSeconds:F2} s, one consume + decode thread; CPU {cpuBare.TotalSeconds:F1} s = {Rate(barePoints / cpuBare.TotalSeconds)} points per CPU-second)");

var (memoryPoints, memoryElapsed, cpuMemory) = InMemoryRun.Run(options);
Console.WriteLine($"(p) process : {Rate(memoryPoints / memoryElapsed.TotalSeconds)} points/s  (decode + topology task code only, one thread, no Kafka/runtime/changelog; {memoryElapsed.TotalSeconds:F2} s; " +
    $"CPU {cpuMemory.TotalSeconds:F1} s = {Rate(memoryPoints / cpuMemory.TotalSeconds)} points per CPU-second)");

var rssBefore = WindowStateProbe.Rss();
var run = await TopologyRun.RunAsync(cluster.BootstrapServers, registry.Url, Topic, options, fill);
var topologyRate = fill.Points / run.FromAssignment.TotalSeconds;
Console.WriteLine($"(b) topology: {Rate(topologyRate)} points/s  (all data offsets committed {run.FromAssignment.TotalSeconds:F2} s after assignment, " +
    $"{run.FromStart.TotalSeconds:F2} s after start; CPU {run.Cpu.TotalSeconds:F1} s = {run.Cpu / run.FromStart:F2} cores = {Rate(fill.Points / run.Cpu.TotalSeconds)} points per CPU-second; {run.Commits} commits, {run.Pauses} pauses; RSS +{(WindowStateProbe.Rss() - rssBefore) / 1e6:F0} MB)");
Console.WriteLine($"    timeline: assigned {(run.FromStart - run.FromAssignment).TotalSeconds:F2} s, all points processed {run.Processed.TotalSeconds:F2} s (CPU {run.CpuProcessed.TotalSeconds:F1} s = {run.CpuProcessed / (run.Processed - (run.FromStart - run.FromAssignment)):F2} cores after assignment), all committed {run.FromStart.TotalSeconds:F2} s after start");
Console.WriteLine($"ratio (b)/(a): {topologyRate / bare:F2}   (targets: ratio >= 0.8, (b) >= 1,000,000 points/s)");

if (!options.SkipState)
{
    // RSS after (b) mostly measures what the allocator gives back: only the GC heap is meaningful here.
    PrintState(WindowStateProbe.Run(options), rss: false);
}

Console.WriteLine($"done in {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F0} s CPU; load {File.ReadAllText("/proc/loadavg").Trim()}");

// Exit without stopping the application gracefully: its shutdown (consumer close with cooperative-sticky
// assignment on Confluent.Kafka 1.9.3) was seen to throw from the rebalance callback, which is not what this
// benchmark measures; the broker and registry are in-process and die with it.
Environment.Exit(0);
return 0;

static void PrintState(WindowStateResult state, bool rss)
{
    string Rss(long bytes) => rss ? $", RSS +{bytes / 1e6:F0} MB" : ", RSS n/a after (b): use --state-only";
    Console.WriteLine($"(c) state   : {state.Series:N0} series x {state.Fields} field(s): {state.FirstLevelWindows:N0} open 1st-level windows: GC heap +{state.HeapFirstLevel / 1e6:F0} MB{Rss(state.RssFirstLevel)} " +
        $"({(double)state.HeapFirstLevel / state.FirstLevelWindows:F0} B/window)");
    Console.WriteLine($"              {state.AllLevelWindows:N0} open windows (1st + 2nd level): GC heap +{state.HeapAllLevels / 1e6:F0} MB{Rss(state.RssAllLevels)} " +
        $"({(double)state.HeapAllLevels / state.AllLevelWindows:F0} B/window; target <= 1 GB for 1 M series)");
}
