using System.Text.Json;
using MetricStream.FaultTests.Ledger;
using MetricStream.Testing;
using MetricStream.Testing.Influx;

namespace MetricStream.FaultTests.Security;

/// <summary>
/// Hostile tag values, tag and field keys and measurement names posted as JSON travel to InfluxDB as data: each comes
/// back exactly as sent, and none adds a measurement, series, tag or field. Values line protocol cannot carry (a
/// backslash at the end or before an escaped character) are dead-lettered by the sink, never stored altered.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class LineProtocolInjectionTests(SecurePipeline secure)
{
    private static readonly string[] Writable =
    [
        "a,b=c d", "x value=666 1", "quote\"d", "sp ace", "eq=ual", "com,ma", "'single'", "#hash", "東京😀", "mid\\dle", "{\"json\":1}",
    ];

    private static readonly string[] Unwritable = ["injected\\,host=evil", "tail\\ ,x=y", "ends\\"];

    [Fact]
    public async Task HostileTagValuesFieldKeysAndMeasurement_StoredVerbatimNothingInjectedUnwritableDeadLettered()
    {
        var deadLettersBefore = DeadLetters();
        var nanos = LoadGenerator.ToNanos(TimeProvider.System.GetUtcNow().AddMinutes(-2));
        var metrics = Writable.Concat(Unwritable).Select((v, i) => new Dictionary<string, object>
        {
            ["name"] = "hostile",
            ["fields"] = new Dictionary<string, double> { ["value"] = i + 0.5 },
            ["tags"] = new Dictionary<string, string> { ["host"] = v, ["k ,=\"ey"] = "v" },
            ["timestamp"] = nanos / 1_000_000,
        }).ToList<object>();
        metrics.Add(new Dictionary<string, object>
        {
            ["name"] = "hostile m,x=y value=1",
            ["fields"] = new Dictionary<string, double> { ["f ,=\"x"] = 99.5 },
            ["timestamp"] = nanos / 1_000_000,
        });
        var body = JsonSerializer.Serialize(new { metrics });
        (await SecurePipeline.SendAsync(HttpMethod.Post, new Uri(secure.Pipeline.EdgeUrl, "api/v1/metrics"), secure.AlphaKey, new StringContent(body, null, "application/json"))).Status.Should().Be(204);

        var query = new InfluxQueryClient(secure.Pipeline.Influx.Url);
        var series = await Poll.ResultAsync(
            async () =>
            {
                var result = await query.RunAsync("SELECT \"value\" FROM \"raw\".\"hostile\" GROUP BY *", secure.Pipeline.Database);
                return result.Sum(s => s.Rows.Count) >= Writable.Length ? result : throw new InvalidOperationException("not every row yet");
            },
            "the hostile points in InfluxDB raw",
            TimeSpan.FromSeconds(90));
        await Poll.UntilAsync(() => DeadLetters() >= deadLettersBefore + Unwritable.Length, "the unwritable points on metrics.dead-letters", TimeSpan.FromSeconds(60));

        var stored = series.SelectMany(s => s.Rows.Select(r => (Host: s.Tags["host"], Key: s.Tags["k ,=\"ey"], Value: r["value"].GetDouble()))).ToList();
        stored.Should().BeEquivalentTo(Writable.Select((v, i) => (Host: v, Key: "v", Value: i + 0.5)), "every writable tag value is one series' tag, verbatim; no unwritable one is stored in any form");
        series.Should().OnlyContain(s => s.Tags.Keys.Order().SequenceEqual(new[] { "host", "k ,=\"ey", "tenant" }), "no tag was injected");
        var all = await query.RunAsync("SHOW SERIES FROM \"raw\".\"hostile\"", secure.Pipeline.Database);
        all.SelectMany(s => s.Rows).Should().HaveCount(Writable.Length, "no extra series");

        var other = await Poll.ResultAsync(
            async () =>
            {
                var result = await query.RunAsync("SELECT * FROM \"raw\".\"hostile m,x=y value=1\"", secure.Pipeline.Database);
                return result.Count == 1 ? result[0] : throw new InvalidOperationException("not there yet");
            },
            "the hostile measurement in InfluxDB raw",
            TimeSpan.FromSeconds(60));
        other.Rows.Should().ContainSingle().Which["f ,=\"x"].GetDouble().Should().Be(99.5);
        var measurements = await query.RunAsync("SHOW MEASUREMENTS", secure.Pipeline.Database);
        measurements.SelectMany(s => s.Rows.Select(r => r["name"].GetString())).Should().NotContain(m => m!.Contains("evil", StringComparison.Ordinal) || m == "x" || m == "hostile m", "nothing was injected as a measurement");
        var fields = await query.RunAsync("SHOW FIELD KEYS FROM \"raw\".\"hostile\"", secure.Pipeline.Database);
        fields.SelectMany(s => s.Rows.Select(r => r["fieldKey"].GetString())).Should().BeEquivalentTo(["value"], "no field was injected");
    }

    private int DeadLetters() => TopicSnapshot.ReadAll(secure.Pipeline.Kafka.BootstrapServers, "metrics.dead-letters", TimeSpan.FromSeconds(60)).Count;
}
