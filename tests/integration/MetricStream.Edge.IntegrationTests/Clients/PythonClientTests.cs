using System.Text.Json;
using MetricStream.Edge.IntegrationTests.Support;
using MetricStream.Testing;

namespace MetricStream.Edge.IntegrationTests.Clients;

/// <summary>The edge's records read by a stock Confluent client: Debian's python3-confluent-kafka with python3-avro.</summary>
[Collection(EdgeCollection.Name)]
public sealed class PythonClientTests(EdgeFixture fixture)
{
    [Fact]
    public async Task StockConfluentPythonClient_DecodesEveryRecordTheEdgeWrote()
    {
        await using var edge = await fixture.StartEdgeAsync(partitions: 3);
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000 + 123;
        var body = string.Join('\n', Enumerable.Range(0, 30).Select(i => $"py,host=h{i % 6},dc=é f={i}.5,n={i}i,s=\"x{i}\",b={(i % 2 == 0 ? "t" : "f")} {ts + i}"));
        (await edge.PostAsync("/api/v2/write?bucket=pybucket", body)).Status.Should().Be(204);
        var records = edge.ReadAll().Count;

        var (exit, output, errors) = await ChildProcess.RunAsync("/usr/bin/python3",
        [
            Path.Combine(AppContext.BaseDirectory, "Clients", "python", "read_points.py"),
            "--bootstrap", fixture.Kafka.BootstrapServers, "--registry", fixture.Registry.Url.ToString().TrimEnd('/'),
            "--topic", edge.Topic, "--records", records.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ]);

        exit.Should().Be(0, errors);
        var points = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        points.Should().HaveCount(30);
        points.Should().OnlyContain(p => p.GetProperty("tenant").GetString() == "acme" && p.GetProperty("bucket").GetString() == "pybucket");
        var seven = points.Single(p => p.GetProperty("fields").GetProperty("n").GetInt64() == 7);
        seven.GetProperty("measurement").GetString().Should().Be("py");
        seven.GetProperty("tags").GetProperty("host").GetString().Should().Be("h1");
        seven.GetProperty("tags").GetProperty("dc").GetString().Should().Be("é");
        seven.GetProperty("fields").GetProperty("f").GetDouble().Should().Be(7.5);
        seven.GetProperty("fields").GetProperty("s").GetString().Should().Be("x7");
        seven.GetProperty("fields").GetProperty("b").GetBoolean().Should().BeFalse();
        seven.GetProperty("timestamp").GetInt64().Should().Be(ts + 7, "nanoseconds, a plain long for Avro 1.11 readers");
    }
}
