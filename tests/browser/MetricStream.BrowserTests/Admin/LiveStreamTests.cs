using System.Text.Json;
using MetricStream.Host.Admin.Live.Internal;
using Microsoft.Extensions.Time.Testing;

namespace MetricStream.BrowserTests.Admin;

/// <summary><c>GET /api/live</c> and its parts: one frame at once, then one per second of the listener's clock.</summary>
public sealed class LiveStreamTests
{
    [Fact]
    public async Task Live_WithFakeTime_SendsAFrameAtOnceAndTheNextOnlyWhenASecondPasses()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var admin = await AdminListener.StartAsync(AdminListener.Context(time: time));
        using var response = await admin.Http.GetAsync("/api/live", HttpCompletionOption.ResponseHeadersRead);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var first = await NextFrameAsync(reader);
        time.Advance(TimeSpan.FromSeconds(1));
        var second = await NextFrameAsync(reader).WaitAsync(TimeSpan.FromSeconds(30));

        first.GetProperty("seq").GetInt64().Should().Be(0);
        first.GetProperty("edge").ValueKind.Should().Be(JsonValueKind.Null, "no edge runs in this process");
        first.GetProperty("sink").ValueKind.Should().Be(JsonValueKind.Null);
        first.GetProperty("topologies").GetArrayLength().Should().Be(0);
        second.GetProperty("seq").GetInt64().Should().Be(1);
        second.GetProperty("time").GetDateTimeOffset().Should().Be(time.GetUtcNow(), "the second frame waits for the clock's next second");
    }

    [Fact]
    public void EdgeFrame_FromTwoScrapesTwoSecondsApart_GivesPerTenantRatesTotalsAndMeanProduceLatency()
    {
        var rates = new RateTracker();
        rates.Next(0);
        EdgeFrame.Build(Scrape(accepted: 100, throttled: 0, status429: 0, produceSum: 1.0, produceCount: 10), rates);
        rates.Next(2);

        var frame = EdgeFrame.Build(Scrape(accepted: 300, throttled: 40, status429: 2, produceSum: 1.5, produceCount: 20), rates);

        var tenant = ((List<Dictionary<string, object?>>)frame["tenants"]!).Single();
        tenant["tenant"].Should().Be("a \"quoted\" tenant");
        tenant["accepted"].Should().Be(100.0);
        tenant["throttled"].Should().Be(20.0);
        tenant["acceptedTotal"].Should().Be(300.0);
        frame["status429PerSecond"].Should().Be(1.0);
        frame["status429Total"].Should().Be(2.0);
        frame["produceLatencyMs"].Should().Be(50.0, "0.5 s over 10 produces in the interval");
        frame["circuitOpen"].Should().Be(false);
    }

    [Fact]
    public void RateTracker_CounterThatWentDown_GivesZeroNotANegativeRate()
    {
        var rates = new RateTracker();
        rates.Next(0);
        rates.Rate("c", 50).Should().Be(0, "the first frame has nothing to compare with");
        rates.Next(1);
        rates.Rate("c", 10).Should().Be(0, "a restarted counter is not a negative rate");
        rates.Next(1);
        rates.Rate("c", 15).Should().Be(5);
    }

    private static string Scrape(double accepted, double throttled, double status429, double produceSum, double produceCount) =>
        $$"""
        # HELP edge_points_accepted_total Points acknowledged by Kafka, by tenant.
        # TYPE edge_points_accepted_total counter
        edge_points_accepted_total{tenant="a \"quoted\" tenant"} {{accepted}}
        edge_points_throttled_total{tenant="a \"quoted\" tenant"} {{throttled}}
        edge_http_requests_total{endpoint="/api/v2/write",status="204"} 7
        edge_http_requests_total{endpoint="/api/v2/write",status="429"} {{status429}}
        edge_produce_duration_seconds_bucket{le="+Inf"} {{produceCount}}
        edge_produce_duration_seconds_sum {{produceSum}}
        edge_produce_duration_seconds_count {{produceCount}}
        edge_circuit_open 0
        """;

    private static async Task<JsonElement> NextFrameAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
            }
        }

        throw new EndOfStreamException("the live stream ended");
    }
}
