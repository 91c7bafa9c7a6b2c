using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Confluent.Kafka;
using MetricStream.Avro.Generic;
using MetricStream.IntegrationTests.Host;
using MetricStream.Processing.Alerts;
using MetricStream.SchemaRegistry.WireFormat;
using MetricStream.Testing;

namespace MetricStream.IntegrationTests.Alerts;

/// <summary>
/// The whole path in <c>metricstream up</c> with the shipped topologies: an agent posts host cpu to the edge with a
/// spike in it; the rollups topology makes 1-minute p95s and the alerts topology's default <c>cpu-high</c> rule
/// (p95 &gt; 90 for 5m, keep_firing_for 2m) turns them into exactly one firing and one resolved event.
/// </summary>
public sealed class AlertUpSpikeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("alert-up-").FullName;

    [Fact]
    public async Task CpuSpikePostedToTheEdge_GivesExactlyOneFiringAndOneResolved()
    {
        var environment = new Dictionary<string, string> { ["METRICSTREAM__PROCESS__TOPOLOGIES"] = Path.Combine(MetricStreamProcess.RepositoryRoot(), "topologies") };
        using var up = MetricStreamProcess.Start(environment, "up", "--data-dir", _dir, "--port-base", FreePortBlock.Next().ToString(CultureInfo.InvariantCulture));
        await MetricStreamProcess.WaitForLineAsync(up, "ready");
        up.Output.Should().Contain(l => l.StartsWith("process: alerts", StringComparison.Ordinal), "up runs the shipped topologies");
        var kafka = await MetricStreamProcess.WaitForLineAsync(up, "kafka");
        var edge = await MetricStreamProcess.WaitForLineAsync(up, "edge");
        var key = (await File.ReadAllTextAsync(await MetricStreamProcess.WaitForLineAsync(up, "api-key"))).Trim();

        // 15 minutes of samples every 10 s, in the past (in order, so nothing is late): host spike-1 above 90 in
        // minutes 1..7, normal before and after; host calm-1 normal throughout.
        var hourAgo = DateTimeOffset.UtcNow.AddHours(-1);
        var start = new DateTimeOffset(hourAgo.Year, hourAgo.Month, hourAgo.Day, hourAgo.Hour, 0, 0, TimeSpan.Zero);
        var lines = new StringBuilder();
        for (var second = 0; second < 15 * 60; second += 10)
        {
            var minute = second / 60;
            var spike = minute is >= 1 and <= 7 ? 95 + (minute % 4) : 10;
            var stamp = start.AddSeconds(second).ToUnixTimeSeconds();
            lines.Append(CultureInfo.InvariantCulture, $"cpu,cpu=cpu-total,host=spike-1 usage_user={spike} {stamp}\n");
            lines.Append(CultureInfo.InvariantCulture, $"cpu,cpu=cpu-total,host=calm-1 usage_user=20 {stamp}\n");
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{edge}/api/v2/write?bucket=demo&precision=s") { Content = new StringContent(lines.ToString()) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", key);
        using var response = await http.SendAsync(request);
        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());

        var events = ReadAlerts(kafka, e => e.Any(x => x.State == AlertState.Resolved), up);

        events.Where(e => e.Rule == "cpu-high").Should().Equal(
            [("cpu-high", "spike-1", AlertState.Pending), ("cpu-high", "spike-1", AlertState.Firing), ("cpu-high", "spike-1", AlertState.Resolved)],
            "one episode: pending, one firing, one resolved; nothing for the calm host");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<(string Rule, string Host, AlertState State)> ReadAlerts(string bootstrap, Func<List<(string Rule, string Host, AlertState State)>, bool> enough, Testing.ChildProcess up)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap, GroupId = "alert-reader-" + Guid.NewGuid().ToString("N"), AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe("alerts");
        var events = new List<(string, string, AlertState)>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!enough(events) && clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            up.HasExited.Should().BeFalse(string.Join('\n', up.Errors));
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { Message.Value: { } value })
            {
                ConfluentWireFormat.ReadHeader(value, out var body);
                var record = AlertEventRecords.Read(body);
                var tags = (Dictionary<string, object?>)((GenericRecord)record["series"]!)["tags"]!;
                events.Add(((string)record["ruleId"]!, tags.TryGetValue("host", out var host) ? (string)host! : string.Empty, AlertEventRecords.StateOf(record)));
            }
        }

        consumer.Close();
        return events;
    }
}
