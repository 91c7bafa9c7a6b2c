using System.Globalization;
using MetricStream.Avro.Records;
using MetricStream.Sinks.InfluxDB;
using MetricStream.Sinks.Tests.Support;
using MetricStream.Testing;

namespace MetricStream.Sinks.Tests.InfluxDB;

/// <summary>Batching, retries, Retry-After and the circuit breaker, on fake time against a local HTTP listener.</summary>
public sealed class InfluxSinkTests : ReceiverTests
{

    [Fact]
    public async Task V2_PostsTheRequestAnInfluxDb2Expects_PathOrgBucketPrecisionTokenAndGzipBody()
    {
        // The shape of InfluxDB 2's documented write call (POST /api/v2/write?org=&bucket=&precision=ns,
        // Authorization: Token, Content-Type: text/plain; charset=utf-8, Content-Encoding: gzip, Accept:
        // application/json); Debian's influxd 1.6 has no /api/v2/write, so this listener stands in for it.
        await using var sink = Sink(o => new InfluxSinkOptions
        {
            Api = InfluxApiVersion.V2, Targets = [new InfluxTargetOptions { Name = "v2", Url = Receiver.Url, Organization = "my org", Token = "s3cret" }],
            Destinations = new Dictionary<string, InfluxDestinationOptions> { ["raw"] = new() { Bucket = "raw bucket" } },
            TimeProvider = Time, BatchMaxLines = 2, GzipLoopback = true,
        });
        var first = sink.Write(Point(1), "raw", "acme");
        var second = sink.Write(Point(2), "raw", "acme");

        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(30));

        var request = Receiver.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be("POST");
        request.Path.Should().Be("/api/v2/write");
        request.Query.Should().Equal(new Dictionary<string, string> { ["org"] = "my org", ["bucket"] = "raw bucket", ["precision"] = "ns" });
        request.QueryString.Should().Be("?org=my%20org&bucket=raw%20bucket&precision=ns", "names are percent-encoded, and no v1 credentials (u, p) are sent");
        request.Authorization.Should().Be("Token s3cret");
        request.ContentType.Should().Be("text/plain; charset=utf-8");
        request.Header("Accept").Should().Be("application/json");
        request.ContentEncoding.Should().Be("gzip");
        request.RawBody.Take(2).Should().Equal(new byte[] { 0x1f, 0x8b }, "the body is really gzip, not just labelled so");
        request.Header("Content-Length").Should().Be(request.RawBody.Length.ToString(CultureInfo.InvariantCulture));
        request.Body.Should().Be("m,tenant=acme value=1 1\nm,tenant=acme value=2 2\n");
    }

    [Fact]
    public async Task Gzip_IsLeftOutForALoopbackTarget_UnlessGzipLoopback()
    {
        await using (var plain = Sink(o => With(o, maxLines: 1)))
        {
            await plain.Write(Point(1), "raw", "acme").WaitAsync(TimeSpan.FromSeconds(30));
        }

        await using (var forced = Sink(o => new InfluxSinkOptions { Targets = o.Targets, TimeProvider = Time, BatchMaxLines = 1, Provision = false, GzipLoopback = true }))
        {
            await forced.Write(Point(2), "raw", "acme").WaitAsync(TimeSpan.FromSeconds(30));
        }

        Receiver.Requests.Should().HaveCount(2);
        Receiver.Requests[0].ContentEncoding.Should().BeNull();
        System.Text.Encoding.UTF8.GetString(Receiver.Requests[0].RawBody).Should().Be("m,tenant=acme value=1 1\n");
        Receiver.Requests[1].ContentEncoding.Should().Be("gzip");
        Receiver.Requests[1].RawBody.Take(2).Should().Equal(new byte[] { 0x1f, 0x8b });
        Receiver.Requests[1].Body.Should().Be("m,tenant=acme value=2 2\n");
    }

    [Fact]
    public async Task V1_PostsToWriteWithDatabaseRetentionPolicyAndPrecision()
    {
        await using var sink = Sink(o => o);
        var task = sink.Write(Point(1), "rollup_1m", "acme");
        await Time.AdvanceUntilAsync(() => Receiver.Requests.Count == 1, TimeSpan.FromMilliseconds(500), "the linger to send the batch");
        await task.WaitAsync(TimeSpan.FromSeconds(30));

        var request = Receiver.Requests.Single();
        request.Path.Should().Be("/write");
        request.Query.Should().Contain("db", "metrics").And.Contain("rp", "rollup_1m").And.Contain("precision", "ns");
    }

    [Fact]
    public async Task Batching_SendsFullBatchesAtOnce_AndTheRestAfterTheLinger()
    {
        await using var sink = Sink(o => With(o, maxLines: 3, linger: TimeSpan.FromSeconds(2)));
        var tasks = Enumerable.Range(0, 7).Select(i => sink.Write(Point(i), "raw", "acme")).ToList();

        await Task.WhenAll(tasks.Take(6)).WaitAsync(TimeSpan.FromSeconds(30));
        Receiver.Requests.Should().HaveCount(2);
        tasks[6].IsCompleted.Should().BeFalse("the last line waits for its batch's linger");

        Time.Advance(TimeSpan.FromSeconds(2));
        await tasks[6].WaitAsync(TimeSpan.FromSeconds(30));
        Receiver.Requests.Select(r => r.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length).Should().Equal(3, 3, 1);
    }

    [Fact]
    public async Task ServerError_IsRetriedWithBackoff_HonouringRetryAfter()
    {
        Receiver.Respond = (_, before) => before == 0 ? new HttpAnswer(503, "{\"error\":\"busy\"}", RetryAfter: "7") : new HttpAnswer(204);
        await using var sink = Sink(o => With(o, maxLines: 1));
        var task = sink.Write(Point(1), "raw", "acme");
        await Poll.UntilAsync(() => Receiver.Requests.Count == 1, "the first attempt");

        await Time.AdvanceUntilAsync(() => Receiver.Requests.Count == 2, TimeSpan.FromSeconds(1), "the retry");

        await task.WaitAsync(TimeSpan.FromSeconds(30));
        (Receiver.Requests[1].FakeTime - Receiver.Requests[0].FakeTime).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(7));
        sink.Snapshot().Targets[0].Retries.Should().Be(1);
        sink.Snapshot().Targets[0].FailedRequests.Should().Be(1);
    }

    [Fact]
    public async Task RepeatedFailures_OpenTheBreaker_AndAProbeClosesItWhenTheServerRecovers()
    {
        var healthy = false;
        Receiver.Respond = (_, _) => healthy ? new HttpAnswer(204) : new HttpAnswer(500, "{\"error\":\"down\"}");
        await using var sink = Sink(o => With(o, maxLines: 1));
        var task = sink.Write(Point(1), "raw", "acme");

        await Time.AdvanceUntilAsync(() => sink.Snapshot().Targets[0].Circuit == InfluxCircuitState.Open, TimeSpan.FromMilliseconds(100), "the breaker to open");
        var failures = Receiver.Requests.Count;
        failures.Should().Be(3, "the breaker opens after BreakerFailureThreshold consecutive failures");

        healthy = true;
        await Time.AdvanceUntilAsync(() => task.IsCompleted, TimeSpan.FromSeconds(1), "the probe to succeed");
        (Receiver.Requests[^1].FakeTime - Receiver.Requests[failures - 1].FakeTime).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(5), "no request goes while the breaker is open");
        sink.Snapshot().Targets[0].Circuit.Should().Be(InfluxCircuitState.Closed);
    }

    [Fact]
    public async Task BadRequest_SplitsTheBatch_AndDeadLettersOnlyTheBadLine()
    {
        Receiver.Respond = (r, _) => r.Body.Contains("value=13 ", StringComparison.Ordinal) ? new HttpAnswer(400, "{\"error\":\"partial write: bad value\"}") : new HttpAnswer(204);
        var deadLetters = new ListDeadLetters();
        await using var sink = Sink(o => With(o, maxLines: 20), deadLetters);
        var tasks = Enumerable.Range(0, 20).Select(i => sink.Write(Point(i), "raw", "acme")).ToList();

        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));

        var letter = deadLetters.Letters.Should().ContainSingle().Subject;
        letter.Reason.Should().Be("partial write: bad value");
        System.Text.Encoding.UTF8.GetString(letter.Line.Span).Should().Be("m,tenant=acme value=13 13");
        var stored = Receiver.Requests.Where(r => !r.Body.Contains("value=13 ", StringComparison.Ordinal)).SelectMany(r => r.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Distinct();
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
        Time.Advance(TimeSpan.FromSeconds(2));
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));

        // Full batches are sent concurrently: order the requests by their first line's timestamp.
        var lines = Receiver.Requests.Select(r => r.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
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
        new(configure(new InfluxSinkOptions { Targets = [new InfluxTargetOptions { Name = "a", Url = Receiver.Url }], TimeProvider = Time, Provision = false }), deadLetters);
}
