using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using MetricStream.Host.Demo;
using MetricStream.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MetricStream.IntegrationTests.Host.Demo;

/// <summary>Unit tests (fake clock, fake HTTP) of the demo agent's schedule, requests and retries.</summary>
public sealed class DemoAgentTests : IDisposable
{
    private const string Key = "msk_test";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 3, 25, TimeSpan.Zero));
    private readonly RecordingHandler _handler = new();
    private readonly CancellationTokenSource _stop = new();

    [Fact]
    public async Task Run_Start_BackfillsThreeMinutesOldestFirstThenPostsEveryTenSeconds()
    {
        var progress = new DemoProgress(null);
        var run = Start(progress, hosts: 2);

        // 12:00:20 (12:00:25 floored to 10 s) to 12:03:20: 19 samples.
        await Poll.UntilAsync(() => _handler.Requests.Length == 19, "the backfill");
        _time.Advance(TimeSpan.FromSeconds(4));
        _handler.Requests.Should().HaveCount(19, "the next sample is due at 12:03:30");
        _time.Advance(TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(() => _handler.Requests.Length == 20, "the first live sample");

        var stamps = _handler.Requests.Select(r => r.Stamps.Single()).ToList();
        stamps.Should().Equal(Enumerable.Range(0, 20).Select(i => new DateTimeOffset(2026, 11, 23, 12, 0, 20, TimeSpan.Zero).AddSeconds(10 * i).ToUnixTimeSeconds()));
        _handler.Requests.Should().OnlyContain(r => r.Lines == 2 * DemoHostMetrics.PointsPerHost);
        _handler.Requests.Should().OnlyContain(r => r.Path == "/api/v2/write?bucket=demo&precision=s" && r.Authorization == "Token " + Key);
        progress.PointsSent.Should().Be(20 * 2 * DemoHostMetrics.PointsPerHost);
        progress.Accepted.Should().Be(20);
        await _stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Run_EdgeAnswers503ThenOk_RetriesAfterASecondAndCountsNoError()
    {
        _handler.Answers.Enqueue(HttpStatusCode.ServiceUnavailable);
        var progress = new DemoProgress(null);
        var run = Start(progress, hosts: 1, backfill: TimeSpan.Zero);

        await Poll.UntilAsync(() => _handler.Requests.Length == 1, "the first attempt");
        _time.Advance(TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(() => _handler.Requests.Length == 2, "the retry");

        _handler.Requests.Select(r => r.Stamps.Single()).Distinct().Should().HaveCount(1, "the retry resends the same sample");
        progress.Accepted.Should().Be(1);
        progress.Errors.Should().Be(0);
        await _stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Run_EdgeAnswers400_CountsAnErrorWithoutRetryingAndGoesOn()
    {
        _handler.Answers.Enqueue(HttpStatusCode.BadRequest);
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var progress = new DemoProgress(output);
        var run = Start(progress, hosts: 1, backfill: TimeSpan.Zero);

        await Poll.UntilAsync(() => progress.Errors == 1, "the error");
        _time.Advance(TimeSpan.FromSeconds(10));
        await Poll.UntilAsync(() => progress.Accepted == 1, "the next sample");

        _handler.Requests.Should().HaveCount(2, "a 400 is not retried");
        output.ToString().Should().EndWith($"\rdemo: {DemoHostMetrics.PointsPerHost} points sent, 1 requests 2xx, 1 errors");
        await _stop.CancelAsync();
        await run;
    }

    public void Dispose()
    {
        _stop.Dispose();
        _handler.Dispose();
    }

    private Task Start(DemoProgress progress, int hosts, TimeSpan? backfill = null)
    {
        var options = new DemoAgentOptions { Edge = new Uri("http://edge.test:8080/"), ApiKey = Key, Backfill = backfill ?? TimeSpan.FromMinutes(3) };
#pragma warning disable CA2000 // the handler is disposed by the test
        var http = new HttpClient(_handler, disposeHandler: false);
#pragma warning restore CA2000
        var agent = new DemoAgent(http, options, new DemoHostMetrics(hosts, seed: 5), progress, _time, NullLogger.Instance);
        return Task.Run(() => agent.RunAsync(_stop.Token));
    }

    private sealed record Seen(string Path, string? Authorization, int Lines, IReadOnlyList<long> Stamps);

    private sealed class RecordingHandler : HttpMessageHandler
    {
        private readonly ConcurrentQueue<Seen> _requests = new();

        public ConcurrentQueue<HttpStatusCode> Answers { get; } = new();

        public Seen[] Requests => _requests.ToArray();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var stamps = lines.Select(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)).Distinct().ToList();
            _requests.Enqueue(new Seen(request.RequestUri!.PathAndQuery, request.Headers.Authorization?.ToString(), lines.Length, stamps));
            return new HttpResponseMessage(Answers.TryDequeue(out var status) ? status : HttpStatusCode.NoContent);
        }
    }
}
