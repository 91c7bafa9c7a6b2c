using System.Globalization;
using MetricStream.Avro.Records;
using MetricStream.Sinks.InfluxDB;
using MetricStream.Sinks.Tests.Support;
using MetricStream.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MetricStream.Sinks.Tests.InfluxDB;

/// <summary>Batching, retries, Retry-After and the circuit breaker, on fake time against a local HTTP listener.</summary>
public sealed class InfluxSinkTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
    private FakeInfluxServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeInfluxServer.StartAsync(_time);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task V2_PostsGzipToApiV2WriteWithOrgBucketAndToken()
    {
        await using var sink = Sink(o => new InfluxSinkOptions
        {
            Api = InfluxApiVersion.V2, Targets = [new InfluxTargetOptions { Name = "v2", Url = _server.Url, Organization = "my org", Token = "s3cret" }],
            Destinations = new Dictionary<string, InfluxDestinationOptions> { ["raw"] = new() { Bucket = "raw bucket" } },
            TimeProvider = _time, BatchMaxLines = 2,
        });
        var first = sink.Write(Point(1), "raw", "acme");
        var second = sink.Write(Point(2), "raw", "acme");

        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(30));

        var request = _server.Requests.Should().ContainSingle().Subject;
        request.Path.Should().Be("/api/v2/write");
        request.Query.Should().Contain("org", "my org").And.Contain("bucket", "raw bucket").And.Contain("precision", "ns");
        request.Authorization.Should().Be("Token s3cret");
        request.ContentEncoding.Should().Be("gzip");
        request.Body.Should().Be("m,tenant=acme value=1 1\nm,tenant=acme value=2 2\n");
    }

    [Fact]
    public async Task V1_PostsToWriteWithDatabaseRetentionPolicyAndPrecision()
    {
        await using var sink = Sink(o => o);
        var task = sink.Write(Point(1), "rollup_1m", "acme");
        await _time.AdvanceUntilAsync(() => _server.Requests.Count == 1, TimeSpan.FromMilliseconds(500), "the linger to send the batch");
        await task.WaitAsync(TimeSpan.FromSeconds(30));

        var request = _server.Requests.Single();
        request.Path.Should().Be("/write");
        request.Query.Should().Contain("db", "metrics").And.Contain("rp", "rollup_1m").And.Contain("precision", "ns");
    }

    [Fact]
    public async Task Batching_SendsFullBatchesAtOnce_AndTheRestAfterTheLinger()
    {
        await using var sink = Sink(o => With(o, maxLines: 3, linger: TimeSpan.FromSeconds(2)));
        var tasks = Enumerable.Range(0, 7).Select(i => sink.Write(Point(i), "raw", "acme")).ToList();

        await Task.WhenAll(tasks.Take(6)).WaitAsync(TimeSpan.FromSeconds(30));
        _server.Requests.Should().HaveCount(2);
        tasks[6].IsCompleted.Should().BeFalse("the last line waits for its batch's linger");

        _time.Advance(TimeSpan.FromSeconds(2));
        await tasks[6].WaitAsync(TimeSpan.FromSeconds(30));
        _server.Requests.Select(r => r.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length).Should().Equal(3, 3, 1);
    }

    [Fact]
    public async Task ServerError_IsRetriedWithBackoff_HonouringRetryAfter()
    {
        _server.Respond = r => _server.Requests.Count == 1 ? new FakeAnswer(503, "{\"error\":\"busy\"}", RetryAfter: "7") : new FakeAnswer(204);
        await using var sink = Sink(o => With(o, maxLines: 1));
        var task = sink.Write(Point(1), "raw", "acme");
        await Poll.UntilAsync(() => _server.Requests.Count == 1, "the first attempt");

        await _time.AdvanceUntilAsync(() => _server.Requests.Count == 2, TimeSpan.FromSeconds(1), "the retry");

        await task.WaitAsync(TimeSpan.FromSeconds(30));
        (_server.Requests[1].FakeTime - _server.Requests[0].FakeTime).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(7));
        sink.Snapshot().Targets[0].Retries.Should().Be(1);
        sink.Snapshot().Targets[0].FailedRequests.Should().Be(1);
    }

    [Fact]
    public async Task RepeatedFailures_OpenTheBreaker_AndAProbeClosesItWhenTheServerRecovers()
    {
        var healthy = false;
        _server.Respond = _ => healthy ? new FakeAnswer(204) : new FakeAnswer(500, "{\"error\":\"down\"}");
        await using var sink = Sink(o => With(o, maxLines: 1));
        var task = sink.Write(Point(1), "raw", "acme");

        await _time.AdvanceUntilAsync(() => sink.Snapshot().Targets[0].Circuit == InfluxCircuitState.Open, TimeSpan.FromMilliseconds(100), "the breaker to open");
        var failures = _server.Requests.Count;
        failures.Should().Be(3, "the breaker opens after BreakerFailureThreshold consecutive failures");

        healthy = true;
        await _time.AdvanceUntilAsync(() => task.IsCompleted, TimeSpan.FromSeconds(1), "the probe to succeed");
        (_server.Requests[^1].FakeTime - _server.Requests[failures - 1].FakeTime).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(5), "no request goes while the breaker is open");
        sink.Snapshot().Targets[0].Circuit.Should().Be(InfluxCircuitState.Closed);
    }

    [Fact]
    public async Task BadRequest_SplitsTheBatch_AndDeadLettersOnlyTheBadLine()
    {
        _server.Respond = r => r.Body.Contains("value=13 ", StringComparison.Ordinal) ? new FakeAnswer(400, "{\"error\":\"partial write: bad value\"}") : new FakeAnswer(204);
        var deadLetters = new ListDeadLetters();
        await using var sink = Sink(o => With(o, maxLines: 20), deadLetters);
        var tasks = Enumerable.Range(0, 20).Select(i => sink.Write(Point(i), "raw", "acme")).ToList();

        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));

        var letter = deadLetters.Letters.Should().ContainSingle().Subject;
        letter.Reason.Should().Be("partial write: bad value");
        System.Text.Encoding.UTF8.GetString(letter.Line.Span).Should().Be("m,tenant=acme value=13 13");
        var stored = _server.Requests.Where(r => !r.Body.Contains("value=13 ", StringComparison.Ordinal)).SelectMany(r => r.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Distinct();
        stored.Should().HaveCount(19);
    }

    [Fact]
    public async Task Batching_BatchesLargerThanTheFirstBuffer_AreSentWhole_AndTheNextOnesToo()
    {
        // ~230-byte lines: a 2,000-line batch outgrows the first buffer; later batches are sized from it.
        var measurement = new string('m', 200);
        await using var sink = Sink(o => With(o, maxLines: 2000, linger: TimeSpan.FromSeconds(2)));
        var tasks = Enumerable.Range(0, 4500).Select(i => sink.Write(Point(i, measurement), "raw", "acme")).ToList();

        await Task.WhenAll(tasks.Take(4000)).WaitAsync(TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(2));
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));

        // Full batches are sent concurrently: order the requests by their first line's timestamp.
        var lines = _server.Requests.Select(r => r.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .OrderBy(l => long.Parse(l[0].Split(' ')[^1], CultureInfo.InvariantCulture)).ToList();
        lines.Select(l => l.Length).Should().Equal(2000, 2000, 500);
        lines.SelectMany(l => l).Should().Equal(Enumerable.Range(0, 4500).Select(i => $"{measurement},tenant=acme value={i} {i}"));
    }

    [Fact]
    public async Task UnknownDestination_Throws()
    {
        await using var sink = Sink(o => o);
        Action act = () => sink.Write(Point(1), "nope", "acme");
        act.Should().Throw<ArgumentException>().WithMessage("*nope*raw*");
    }

    private static MetricPoint Point(long n, string measurement = "m")
    {
        var point = new MetricPoint { Measurement = measurement, TimestampNanos = n };
        point.AddField("value", (double)n);
        return point;
    }

    private static InfluxSinkOptions With(InfluxSinkOptions o, int maxLines = 5000, TimeSpan? linger = null) => new()
    {
        Targets = o.Targets, TimeProvider = o.TimeProvider, BatchMaxLines = maxLines, BatchLinger = linger ?? o.BatchLinger,
        BreakerFailureThreshold = 3, BreakerOpenDuration = TimeSpan.FromSeconds(5), Provision = false,
    };

    private InfluxSink Sink(Func<InfluxSinkOptions, InfluxSinkOptions> configure, ListDeadLetters? deadLetters = null) =>
        new(configure(new InfluxSinkOptions { Targets = [new InfluxTargetOptions { Name = "a", Url = _server.Url }], TimeProvider = _time, Provision = false }), deadLetters);
}
