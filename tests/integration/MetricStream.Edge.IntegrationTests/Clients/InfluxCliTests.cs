using System.Text;
using MetricStream.Edge.IntegrationTests.Support;
using MetricStream.Testing;

namespace MetricStream.Edge.IntegrationTests.Clients;

/// <summary>The real <c>influx</c> CLI (Debian's influxdb-client, 1.6) importing a file into the edge's <c>/write</c>.</summary>
[Collection(EdgeCollection.Name)]
public sealed class InfluxCliTests(EdgeFixture fixture) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("influx-import-").FullName;

    [Fact]
    public async Task InfluxImport_File_EveryPointInKafkaWithTenantFromPassword()
    {
        File.Exists("/usr/bin/influx").Should().BeTrue("Debian's influxdb-client is required (apt-get install influxdb-client)");
        await using var edge = await fixture.StartEdgeAsync();
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var file = new StringBuilder("# DDL\nCREATE DATABASE telegraf\n\n# DML\n# CONTEXT-DATABASE: telegraf\n# CONTEXT-RETENTION-POLICY: autogen\n");
        for (var i = 0; i < 12_000; i++)
        {
            file.Append($"imported,host=h{i % 17},path=/var/lib\\ data seq={i}i,load={i * 0.25},note=\"line \\\"{i}\\\"\" {start + i}\n");
        }

        var path = Path.Combine(_dir, "import.txt");
        await File.WriteAllTextAsync(path, file.ToString());

        var (exit, output, errors) = await ChildProcess.RunAsync("influx",
        [
            "-host", "127.0.0.1", "-port", edge.Server.Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-username", "agent", "-password", EdgeHarness.GlobexKey, "-import", "-path", path, "-precision", "ns",
        ]);

        var log = output + "\n" + errors;
        exit.Should().Be(0, log);
        log.Should().Contain("Processed 12000 inserts").And.Contain("Failed 0 inserts");
        var points = edge.ReadAllPoints();
        points.Should().HaveCount(12_000);
        points.Should().OnlyContain(p => p.Tenant == "globex" && p.Bucket == "telegraf/autogen" && p.Measurement == "imported");
        points.Select(p => p.Fields[0].Value.AsLong).Order().Should().Equal(Enumerable.Range(0, 12_000).Select(i => (long)i));
        var sample = points.Single(p => p.Fields[0].Value.AsLong == 4_321);
        sample.Tags.Should().Contain(new MetricStream.Avro.Records.Tag("path", "/var/lib data"));
        sample.Fields.Single(f => f.Name == "note").Value.AsString.Should().Be("line \"4321\"");
        sample.TimestampNanos.Should().Be(start + 4_321);
    }

    [Fact]
    public async Task InfluxImport_WrongPassword_FailsAndNothingProduced()
    {
        await using var edge = await fixture.StartEdgeAsync();
        var path = Path.Combine(_dir, "import.txt");
        await File.WriteAllTextAsync(path, "# DML\n# CONTEXT-DATABASE: x\nm v=1\n");

        var (exit, output, errors) = await ChildProcess.RunAsync("influx",
            ["-host", "127.0.0.1", "-port", edge.Server.Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-username", "a", "-password", "msk_wrong", "-import", "-path", path]);

        (exit != 0 || (output + errors).Contains("Failed 1 inserts")).Should().BeTrue(output + errors);
        edge.ReadAll().Should().BeEmpty();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
