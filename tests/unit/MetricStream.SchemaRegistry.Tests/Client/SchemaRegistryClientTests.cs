using System.Net;
using MetricStream.Avro.Compatibility;
using MetricStream.SchemaRegistry.Client;
using MetricStream.Testing;

namespace MetricStream.SchemaRegistry.Tests.Client;

public class SchemaRegistryClientTests
{
    private const string Schema = """{"type":"record","name":"P","fields":[{"name":"v","type":"double"}]}""";

    private static readonly SchemaRegistryClientOptions Options = new()
    {
        Url = new Uri("http://registry.test:8081"),
        RequestTimeout = TimeSpan.FromSeconds(10),
        MaxAttempts = 5,
        InitialBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromSeconds(5),
    };

    // Each attempt creates one timer (its timeout) and each backoff one more (its delay).
    private readonly CountingFakeTime _time = new();

    [Fact]
    public async Task RegisterAsync_SameSubjectAndSchemaTwice_SendsOneConfluentRequest()
    {
        var handler = FakeRegistryHandler.Always(HttpStatusCode.OK, """{"id":7}""");
        using var client = Create(handler);

        var first = await client.RegisterAsync("metrics-value", Schema);
        var second = await client.RegisterAsync("metrics-value", Schema);

        first.Should().Be(7);
        second.Should().Be(7);
        var request = handler.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be(HttpMethod.Post);
        request.PathAndQuery.Should().Be("/subjects/metrics-value/versions");
        request.ContentType.Should().Be("application/vnd.schemaregistry.v1+json");
        request.Accept.Should().StartWith("application/vnd.schemaregistry.v1+json");
        request.Body.Should().Be("""{"schema":"{\"type\":\"record\",\"name\":\"P\",\"fields\":[{\"name\":\"v\",\"type\":\"double\"}]}"}""");
    }

    [Fact]
    public async Task RegisterAsync_ConcurrentCallsForOneSchema_ShareOneRequest()
    {
        var answer = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new FakeRegistryHandler((_, _) => answer.Task);
        using var client = Create(handler);

        var calls = Enumerable.Range(0, 8).Select(_ => client.RegisterAsync("s", Schema)).ToList();
        await Poll.UntilAsync(() => handler.Count == 1, "the first request");
        answer.SetResult(FakeRegistryHandler.Json(HttpStatusCode.OK, """{"id":3}"""));

        (await Task.WhenAll(calls)).Should().AllBeEquivalentTo(3);
        handler.Count.Should().Be(1);
    }

    [Fact]
    public async Task GetSchemaAsync_AfterRegister_IsServedFromTheCache()
    {
        var handler = FakeRegistryHandler.Always(HttpStatusCode.OK, """{"id":11}""");
        using var client = Create(handler);

        var id = await client.RegisterAsync("s", Schema);
        var schema = await client.GetSchemaAsync(id);

        schema.Should().Be(Schema);
        handler.Count.Should().Be(1);
    }

    [Fact]
    public async Task GetSchemaAsync_CalledTwice_FetchesOnce()
    {
        var handler = FakeRegistryHandler.Always(HttpStatusCode.OK, """{"schema":"\"string\""}""");
        using var client = Create(handler);

        (await client.GetSchemaAsync(42)).Should().Be("\"string\"");
        (await client.GetSchemaAsync(42)).Should().Be("\"string\"");

        handler.Requests.Should().ContainSingle().Which.PathAndQuery.Should().Be("/schemas/ids/42");
    }

    [Fact]
    public async Task GetSchemaAsync_UnknownId_ThrowsWithConfluentCodeAndIsNotCached()
    {
        var handler = FakeRegistryHandler.Always(HttpStatusCode.NotFound, """{"error_code":40403,"message":"Schema 5 not found"}""");
        using var client = Create(handler);

        var act = () => client.GetSchemaAsync(5);

        var error = (await act.Should().ThrowAsync<SchemaRegistryException>()).Which;
        error.StatusCode.Should().Be(HttpStatusCode.NotFound);
        error.ErrorCode.Should().Be(40403);
        error.RegistryMessage.Should().Be("Schema 5 not found");
        error.Message.Should().Be("Schema registry error 40403 (HTTP 404): Schema 5 not found");
        await act.Should().ThrowAsync<SchemaRegistryException>();
        handler.Count.Should().Be(2, "a failure is not cached and 4xx is not retried");
    }

    [Fact]
    public async Task RegisterAsync_Incompatible_ThrowsAtOnceWithTheRegistrysReason()
    {
        var handler = FakeRegistryHandler.Always(HttpStatusCode.Conflict, """{"error_code":409,"message":"incompatible: field 'host' has no default"}""");
        using var client = Create(handler);

        var error = (await client.Invoking(c => c.RegisterAsync("s", Schema)).Should().ThrowAsync<SchemaRegistryException>()).Which;

        error.ErrorCode.Should().Be(409);
        error.RegistryMessage.Should().Contain("field 'host' has no default");
        handler.Count.Should().Be(1);
    }

    [Fact]
    public async Task RegisterAsync_ErrorWithoutConfluentBody_UsesTheHttpStatusAsCode()
    {
        var handler = new FakeRegistryHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new StringContent("<html>denied</html>") }));
        using var client = Create(handler);

        var error = (await client.Invoking(c => c.RegisterAsync("s", Schema)).Should().ThrowAsync<SchemaRegistryException>()).Which;

        error.ErrorCode.Should().Be(401);
        error.RegistryMessage.Should().Be("<html>denied</html>");
    }

    [Fact]
    public async Task RegisterAsync_Two503sThenSuccess_RetriesAfterExponentialBackoff()
    {
        var handler = FakeRegistryHandler.Sequence(
            () => FakeRegistryHandler.Json(HttpStatusCode.ServiceUnavailable, """{"error_code":50003,"message":"forwarding"}"""),
            () => FakeRegistryHandler.Json(HttpStatusCode.InternalServerError, """{"error_code":50001,"message":"store"}"""),
            () => FakeRegistryHandler.Json(HttpStatusCode.OK, """{"id":9}"""));
        using var client = Create(handler, jitter: 1.0);

        var call = client.RegisterAsync("s", Schema);
        await Poll.UntilAsync(() => _time.TimersCreated == 2, "first attempt failed and backoff started");
        _time.Advance(TimeSpan.FromMilliseconds(99));
        handler.Count.Should().Be(1, "the first backoff is 100 ms");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Poll.UntilAsync(() => _time.TimersCreated == 4, "second attempt failed and backoff started");
        handler.Count.Should().Be(2);
        _time.Advance(TimeSpan.FromMilliseconds(199));
        handler.Count.Should().Be(2, "the second backoff is 200 ms");
        _time.Advance(TimeSpan.FromMilliseconds(1));

        (await call).Should().Be(9);
        handler.Count.Should().Be(3);
    }

    [Fact]
    public async Task RegisterAsync_ConnectionRefusedEveryTime_GivesUpAfterMaxAttemptsWithTheCause()
    {
        var handler = new FakeRegistryHandler((_, _) => throw new HttpRequestException("Connection refused (registry.test:8081)"));
        using var client = Create(handler, jitter: 0.0);

        var call = client.RegisterAsync("s", Schema);
        await DriveUntilCompleteAsync(call);

        var error = (await call.Invoking(async c => await c).Should().ThrowAsync<SchemaRegistryException>()).Which;
        error.StatusCode.Should().BeNull();
        error.ErrorCode.Should().BeNull();
        error.InnerException.Should().BeOfType<HttpRequestException>();
        error.Message.Should().Contain("after 5 attempt(s)").And.Contain("Connection refused");
        handler.Count.Should().Be(5);
    }

    [Fact]
    public async Task GetSchemaAsync_AttemptTimesOut_IsRetriedAndSucceeds()
    {
        var attempts = 0;
        var handler = new FakeRegistryHandler(async (_, ct) =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, ct); // a registry that never answers
            }

            return FakeRegistryHandler.Json(HttpStatusCode.OK, """{"schema":"\"long\""}""");
        });
        using var client = Create(handler, jitter: 1.0);

        var call = client.GetSchemaAsync(1);
        await Poll.UntilAsync(() => handler.Count == 1, "first attempt");
        _time.Advance(Options.RequestTimeout - TimeSpan.FromTicks(1));
        handler.Count.Should().Be(1, "the attempt has not timed out yet");
        _time.Advance(TimeSpan.FromTicks(1));
        await Poll.UntilAsync(() => _time.TimersCreated == 2, "the timed-out attempt's backoff started");
        _time.Advance(Options.InitialBackoff);
        await Poll.UntilAsync(() => call.IsCompleted, "the retry");

        (await call).Should().Be("\"long\"");
        handler.Count.Should().Be(2);
    }

    [Fact]
    public async Task RegisterAsync_CallerCancels_StopsWaitingWithoutFailingOtherCallers()
    {
        var answer = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new FakeRegistryHandler((_, _) => answer.Task);
        using var client = Create(handler);
        using var cts = new CancellationTokenSource();

        var impatient = client.RegisterAsync("s", Schema, cts.Token);
        var patient = client.RegisterAsync("s", Schema);
        await cts.CancelAsync();
        answer.SetResult(FakeRegistryHandler.Json(HttpStatusCode.OK, """{"id":4}"""));

        await impatient.Invoking(async t => await t).Should().ThrowAsync<OperationCanceledException>();
        (await patient).Should().Be(4);
    }

    [Fact]
    public async Task RegisterAsync_SubjectWithReservedCharacters_IsEscapedInThePath()
    {
        var handler = FakeRegistryHandler.Always(HttpStatusCode.OK, """{"id":1}""");
        using var client = Create(handler);

        await client.RegisterAsync("a b/c-value", Schema);

        handler.Requests.Single().PathAndQuery.Should().Be("/subjects/a%20b%2Fc-value/versions");
    }

    [Fact]
    public async Task LookupAsync_Found_ReturnsVersionAndCachesIdForTheHotPath()
    {
        var handler = FakeRegistryHandler.Always(HttpStatusCode.OK, """{"subject":"s","version":2,"id":5,"schema":"\"int\""}""");
        using var client = Create(handler);

        var found = await client.LookupAsync("s", "\"int\"");
        await client.LookupAsync("s", "\"int\"");

        found.Should().Be(new RegisteredSchema("s", 2, 5, "\"int\""));
        client.TryGetCachedId("s", "\"int\"", out var id).Should().BeTrue();
        id.Should().Be(5);
        handler.Requests.Should().ContainSingle().Which.PathAndQuery.Should().Be("/subjects/s");
    }

    [Fact]
    public async Task GetLatestAsync_NotCached_AsksEveryTime()
    {
        var handler = FakeRegistryHandler.Always(HttpStatusCode.OK, """{"subject":"s","version":3,"id":8,"schema":"\"int\""}""");
        using var client = Create(handler);

        (await client.GetLatestAsync("s")).Version.Should().Be(3);
        await client.GetLatestAsync("s");

        handler.Requests.Select(r => r.PathAndQuery).Should().Equal("/subjects/s/versions/latest", "/subjects/s/versions/latest");
    }

    [Fact]
    public async Task CheckCompatibilityAsync_Incompatible_ReturnsTheMessages()
    {
        var handler = FakeRegistryHandler.Always(HttpStatusCode.OK, """{"is_compatible":false,"messages":["field x removed"]}""");
        using var client = Create(handler);

        var result = await client.CheckCompatibilityAsync("s", Schema, version: 2);

        result.IsCompatible.Should().BeFalse();
        result.Messages.Should().Equal("field x removed");
        handler.Requests.Single().PathAndQuery.Should().Be("/compatibility/subjects/s/versions/2?verbose=true");
    }

    [Fact]
    public async Task SetCompatibilityAsync_Subject_PutsTheRegistryName()
    {
        var handler = FakeRegistryHandler.Always(HttpStatusCode.OK, """{"compatibility":"FULL_TRANSITIVE"}""");
        using var client = Create(handler);

        await client.SetCompatibilityAsync(CompatibilityLevel.FullTransitive, "s");

        var request = handler.Requests.Single();
        request.Method.Should().Be(HttpMethod.Put);
        request.PathAndQuery.Should().Be("/config/s");
        request.Body.Should().Be("""{"compatibility":"FULL_TRANSITIVE"}""");
    }

    [Fact]
    public async Task GetCompatibilityAsync_Global_ParsesTheLevel()
    {
        var handler = FakeRegistryHandler.Always(HttpStatusCode.OK, """{"compatibilityLevel":"FORWARD"}""");
        using var client = Create(handler);

        (await client.GetCompatibilityAsync()).Should().Be(CompatibilityLevel.Forward);
        handler.Requests.Single().PathAndQuery.Should().Be("/config");
    }

    [Fact]
    public async Task GetSubjectsAndVersions_ReturnTheLists()
    {
        var handler = new FakeRegistryHandler((r, _) => Task.FromResult(r.PathAndQuery == "/subjects"
            ? FakeRegistryHandler.Json(HttpStatusCode.OK, """["a","b"]""")
            : FakeRegistryHandler.Json(HttpStatusCode.OK, """[1,2,4]""")));
        using var client = Create(handler);

        (await client.GetSubjectsAsync()).Should().Equal("a", "b");
        (await client.GetVersionsAsync("a")).Should().Equal(1, 2, 4);
    }

    private SchemaRegistryClient Create(FakeRegistryHandler handler, double jitter = 0.5) =>
        new(Options, handler, _time, () => jitter);

    // Advances fake time in steps until the call completes (each step fires any pending backoff timer).
    private async Task DriveUntilCompleteAsync(Task call)
    {
        await Poll.UntilAsync(
            () =>
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                return call.IsCompleted;
            },
            "the call to complete under fake time");
    }
}
