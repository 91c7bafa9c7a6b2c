using System.Diagnostics;
using MetricStream.FaultTests.Ledger;
using MetricStream.Testing;
using Xunit.Abstractions;

namespace MetricStream.FaultTests.Support;

/// <summary>The steps every fault scenario shares: steady load, waiting through a fault, closing the windows, the ledger check.</summary>
internal static class Scenario
{
    /// <summary>How long a scenario waits for the pipeline to catch up after the fault.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    /// <summary>Interval between requests of the steady load (20 requests/s of 20 points: 400 points/s).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Starts the steady load in the background: event times from the load's start to start + 4 minutes.</summary>
    public static Task RunLoadAsync(LoadGenerator load, CancellationToken cancellationToken) =>
        Task.Run(() => load.RunAsync(Interval, load.Start.AddMinutes(4), cancellationToken), cancellationToken);

    /// <summary>Waits until the edge has acknowledged <paramref name="requests"/> requests in all.</summary>
    public static Task AckedAsync(LoadGenerator load, int requests, string what) =>
        Poll.UntilAsync(() => load.AckedRequests >= requests, $"{requests} acknowledged requests ({what})", TimeSpan.FromSeconds(90));

    /// <summary>
    /// A fault that lasts a duration, not until an event: the deadline-based poll watches a stopwatch while the
    /// load keeps running.
    /// </summary>
    public static Task LastsAsync(Stopwatch since, TimeSpan duration) =>
        Poll.UntilAsync(() => since.Elapsed >= duration, $"{duration.TotalSeconds:0} s of fault", duration + TimeSpan.FromSeconds(60));

    /// <summary>
    /// Waits for the load to end, posts the closing points (again until acknowledged: the edge may still be
    /// recovering), runs the ledger check, prints it and fails on any loss, double count or extra point.
    /// </summary>
    public static async Task<LedgerReport> FinishAsync(Pipeline pipeline, LoadGenerator load, Task loading, ITestOutputHelper output, string name)
    {
        await loading.WaitAsync(TimeSpan.FromMinutes(3));
        var dataEnd = load.DataEnd;
        await Poll.UntilAsync(() => load.PostClosersAsync(load.Start.AddMinutes(6)), "acknowledged closing points", TimeSpan.FromSeconds(90));
        var report = await pipeline.Verifier().WaitAndVerifyAsync(load, dataEnd, Patience);
        var failures = string.Join(", ", load.FailedRequests.Select(f => $"{f.Value} x {(f.Key == 0 ? "no answer" : f.Key)}"));
        output.WriteLine($"{name}: {report}; requests acked {load.AckedRequests}, failed [{failures}]");
        report.Acked.Should().BeGreaterThan(0);
        report.Ok.Should().BeTrue($"{name} must lose, duplicate and invent nothing: {report}\nrole errors:\n{string.Join('\n', pipeline.AllRoles.SelectMany(r => r.Errors).TakeLast(40))}");
        return report;
    }
}
