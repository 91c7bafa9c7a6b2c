using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using MetricStream.Edge.IntegrationTests.Support;
using MetricStream.Edge.Validation;
using Xunit.Abstractions;

namespace MetricStream.Edge.IntegrationTests.Faults;

[Collection(EdgeCollection.Name)]
public sealed class HostileInputTests(EdgeFixture fixture, ITestOutputHelper output)
{
    private const int Requests = 10_000;
    private const int MaxBodyBytes = 256 * 1024;
    private const int MaxLineBytes = 8 * 1024;

    [Fact]
    public async Task Write_TenThousandHostileBodies_OnlyFourHundredsEdgeAliveKafkaHoldsOnlyValidPointsOfTheRightTenant()
    {
        var limits = IngestLimits.Default with { MaxBodyBytes = MaxBodyBytes, MaxLineBytes = MaxLineBytes, MaxDecompressedBytes = 4 * 1024 * 1024 };
        // Default stall rule: a cold producer flooded by 8 clients on 2 busy cores once tripped the old
        // "nothing acknowledged for 750 ms" rule here; a stall now needs every broker unreachable
        // (BrokerOutageTests.SlowBrokers_ColdEdgeFloodedByEightClients_NoFalseTrip).
        await using var edge = await fixture.StartEdgeAsync(o => o with { Limits = limits }, partitions: 4);
        var generator = new HostileBodies(seed: 2024, MaxBodyBytes, MaxLineBytes);
        var requests = Enumerable.Range(0, Requests).Select(_ => generator.Next()).ToList();
        var answers = new ConcurrentBag<(HostileRequest Request, int Status, string? RequestId, int Accepted)>();
        var watch = Stopwatch.StartNew();

        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (hostile, token) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, hostile.Path) { Content = new ByteArrayContent(hostile.Body) };
            if (hostile.Key is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Token", hostile.Key);
            }

            if (hostile.Authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", hostile.Authorization);
            }

            if (hostile.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
            }

            if (hostile.ContentEncoding is not null)
            {
                request.Content.Headers.ContentEncoding.Add(hostile.ContentEncoding);
            }

            using var response = await edge.Http.SendAsync(request, token);
            var body = await response.Content.ReadAsStringAsync(token);
            var accepted = 0;
            if ((int)response.StatusCode == 400 && body.StartsWith('{'))
            {
                using var json = JsonDocument.Parse(body);
                accepted = json.RootElement.TryGetProperty("accepted", out var a) ? a.GetInt32() : 0;
            }

            var id = response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.Single() : null;
            answers.Add((hostile, (int)response.StatusCode, id, accepted));
        });
        output.WriteLine($"{Requests} hostile requests in {watch.Elapsed.TotalSeconds:0.0} s");
        foreach (var group in answers.GroupBy(a => (a.Request.Kind, a.Status)).OrderBy(g => g.Key))
        {
            output.WriteLine($"{group.Key.Kind,-14} {group.Key.Status}: {group.Count()}");
        }

        answers.Should().HaveCount(Requests);
        answers.Where(a => a.Status is < 400 or > 499).Select(a => $"{a.Request.Kind} {a.Status}").Should().BeEmpty("hostile input gets 4xx only");
        answers.Where(a => a.Request.Kind == "auth").Should().OnlyContain(a => a.Status == 401);
        answers.Where(a => a.Request.Kind == "content").Should().OnlyContain(a => a.Status == 415);
        answers.Where(a => a.Request.Kind == "oversize").Should().OnlyContain(a => a.Status == 413);
        answers.Where(a => a.Request.Kind == "spoof").Should().OnlyContain(a => a.Status == 400 && a.Accepted == 2);

        (await edge.Http.GetAsync("/healthz")).IsSuccessStatusCode.Should().BeTrue("the edge is alive");
        (await edge.PostAsync("/api/v2/write", "after_fuzz v=1")).Status.Should().Be(204);

        // Kafka: every batch belongs to a request that was answered 400 with accepted > 0 (or the final write),
        // carries that request's key's tenant, holds exactly the accepted count, and every point is valid.
        var byId = answers.Where(a => a.RequestId is not null).ToDictionary(a => a.RequestId!);
        var records = edge.ReadAll();
        var validator = new PointValidator(limits with { MaxTimestampAge = TimeSpan.FromDays(365), MaxTimestampAhead = TimeSpan.FromDays(365) });
        var pointsById = new Dictionary<string, int>();
        foreach (var record in records.Where(r => r.Batch.RequestId is not null && byId.ContainsKey(r.Batch.RequestId)))
        {
            var answer = byId[record.Batch.RequestId!];
            answer.Status.Should().Be(400);
            record.Batch.Tenant.Should().Be(answer.Request.Key == EdgeHarness.AcmeKey ? "acme" : "globex");
            for (var i = 0; i < record.Batch.Count; i++)
            {
                var point = record.Batch[i];
                validator.Validate(point, record.Batch.ReceivedAt.ToUnixTimeMilliseconds() * 1_000_000).Should().BeNull();
            }

            pointsById[record.Batch.RequestId!] = pointsById.GetValueOrDefault(record.Batch.RequestId!) + record.Batch.Count;
        }

        records.Count(r => r.Batch.RequestId is null || !byId.ContainsKey(r.Batch.RequestId)).Should().Be(1, "only the final valid write is unaccounted for");
        foreach (var answer in answers.Where(a => a.Accepted > 0))
        {
            pointsById.GetValueOrDefault(answer.RequestId!).Should().Be(answer.Accepted, $"{answer.Request.Kind} request {answer.RequestId}");
        }

        pointsById.Keys.Should().BeSubsetOf(answers.Where(a => a.Accepted > 0).Select(a => a.RequestId!));
        answers.Count(a => a.Accepted > 0).Should().BeGreaterThan(1_000, "partial acceptance is exercised");
    }
}
