using System.Diagnostics;
using System.Globalization;
using MetricStream.Bench.Soak;
using MetricStream.FaultTests.Ledger;

// The soak's client side (scripts/soak.sh starts `metricstream up` and then this):
//   SoakRunner --edge URL --key KEY --tenant T --bootstrap B --influxdb URL [--database metrics] [--duration 600]
//              [--rate 1000] [--hosts 20] --role NAME=PID[=METRICS_URL] ... [--watch NAME=PID[=METRICS_URL]] ...
// --role processes are judged for memory growth; --watch ones (third-party servers such as influxd, whose caches
// fill with the data by design) are only printed.
// Posts a steady load through the edge (event time = wall clock), prints RSS and GC figures per role every minute,
// then closes the last windows, runs the ledger check and judges memory. Exit 0 only when the ledger is clean and no
// role's memory kept growing.
var options = Options.Parse(args);
var invariant = CultureInfo.InvariantCulture;
var rate = options.Int("rate", 1000);
var pointsPerRequest = Math.Max(1, rate / 10);
var hosts = options.Int("hosts", 20);
var duration = TimeSpan.FromSeconds(options.Int("duration", 600));
var tenant = options.Required("tenant");
var samplers = options.All("role").Select(r => (Spec: r, Judged: true)).Concat(options.All("watch").Select(r => (Spec: r, Judged: false)))
    .Select(r => (Parts: r.Spec.Split('=', 3), r.Judged))
    .Select(r => new ResourceSampler(r.Parts[0], int.Parse(r.Parts[1], invariant), r.Parts.Length > 2 ? new Uri(r.Parts[2]) : null, r.Judged))
    .ToList();
var now = TimeProvider.System.GetUtcNow();
var start = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
var load = new LoadGenerator(new Uri(options.Required("edge").TrimEnd('/') + "/"), options.Required("key"), "soak", start, TimeSpan.FromSeconds(1.0 / rate), hosts, pointsPerRequest);
Console.WriteLine($"soak: {rate} points/s ({pointsPerRequest} points per request, 10 requests/s, {hosts} series) for {duration.TotalMinutes:0.#} min; event time = wall clock");

// The edge re-reads its key file within a second or so of `keys add`: wait until the key writes.
if (!await KeyAcceptedAsync(new Uri(options.Required("edge").TrimEnd('/') + "/"), options.Required("key")))
{
    Console.WriteLine("soak: FAIL (the edge does not accept the soak's key)");
    return 1;
}

var watch = Stopwatch.StartNew();
var samples = new List<ResourceSample>();
using var stop = new CancellationTokenSource();
var loading = Task.Run(() => load.RunAsync(TimeSpan.FromSeconds(0.1), start + duration, stop.Token));
await SampleAsync("start");
using (var minute = new PeriodicTimer(TimeSpan.FromMinutes(1)))
{
    while (!loading.IsCompleted && await minute.WaitForNextTickAsync())
    {
        await SampleAsync($"minute {watch.Elapsed.TotalMinutes:0}");
    }
}

await loading;
var dataEnd = load.DataEnd;
var closed = false;
for (var attempt = 0; attempt < 60 && !closed; attempt++)
{
    closed = await load.PostClosersAsync(dataEnd.AddMinutes(2));
    if (!closed)
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
    }
}

var verifier = new LedgerVerifier(options.Required("bootstrap"), new Uri(options.Required("influxdb").TrimEnd('/') + "/"), options.Value("database") ?? "metrics", tenant);
var report = await verifier.WaitAndVerifyAsync(load, dataEnd, TimeSpan.FromMinutes(5));
await SampleAsync("after the check", judged: false); // influxd has just answered the check's big queries: shown, not judged
var failed = string.Join(", ", load.FailedRequests.Select(f => $"{f.Value} x {(f.Key == 0 ? "no answer" : f.Key.ToString(invariant))}"));
Console.WriteLine($"ledger: {report}");
Console.WriteLine($"requests: {load.AckedRequests} acknowledged, failed [{failed}]; {load.Acked.Count / (dataEnd - start).TotalSeconds:0} acknowledged points/s");

var growing = MemoryJudge.Growing(samples).ToList();
foreach (var line in growing)
{
    Console.WriteLine($"memory: {line}");
}

var ok = report.Ok && growing.Count == 0 && report.Acked > 0;
Console.WriteLine(ok ? "soak: PASS" : "soak: FAIL");
return ok ? 0 : 1;

async Task SampleAsync(string label, bool judged = true)
{
    var parts = new List<string>();
    foreach (var sampler in samplers)
    {
        var sample = await sampler.SampleAsync(watch.Elapsed);
        if (sample is null)
        {
            parts.Add($"{sampler.Role} gone");
            continue;
        }

        if (judged && sampler.Judged)
        {
            samples.Add(sample);
        }

        var gc = sample.GcHeapBytes is { } heap
            ? string.Create(invariant, $", gc heap {heap / 1048576:0.0} MiB, collections gen0/1/2 {sample.Gen0:0}/{sample.Gen1:0}/{sample.Gen2:0}")
            : string.Empty;
        parts.Add(string.Create(invariant, $"{sample.Role} rss {sample.RssBytes / 1048576.0:0.0} MiB{gc}"));
    }

    Console.WriteLine($"[{label}] {string.Join("; ", parts)}; acked {load.Acked.Count} points, {load.FailedRequests.Values.Sum()} failed requests");
}

static async Task<bool> KeyAcceptedAsync(Uri edge, string key)
{
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
    for (var attempt = 0; attempt < 60; attempt++)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(edge, "api/v2/write?bucket=probe")) { Content = new StringContent("soak_probe value=1") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", key);
        try
        {
            using var response = await http.SendAsync(request);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }
        }
        catch (HttpRequestException)
        {
            // Not up yet.
        }

        await Task.Delay(TimeSpan.FromMilliseconds(500));
    }

    return false;
}
