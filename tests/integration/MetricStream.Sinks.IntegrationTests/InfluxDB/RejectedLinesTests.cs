using System.Text;
using MetricStream.Avro.Records;
using MetricStream.Sinks.IntegrationTests.Support;
using MetricStream.Testing.Influx;

namespace MetricStream.Sinks.IntegrationTests.InfluxDB;

/// <summary>Points influxd answers 400 for are isolated from their batch and dead-lettered with its message.</summary>
public sealed class RejectedLinesTests(InfluxdFixture influx) : IClassFixture<InfluxdFixture>
{
    private static readonly long Now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() * 1_000_000_000;

    [Fact]
    public async Task FieldTypeConflict_OnlyTheBadLineIsDeadLettered_TheRestIsStored()
    {
        var db = influx.NewDatabaseName();
        var deadLetters = new CapturingDeadLetters();
        await using var sink = await SinkFactory.StartAsync(SinkFactory.Options(db, influx), deadLetters);
        await sink.Write(Point(0, 1.5), "raw", "acme");

        var tasks = new List<Task>();
        for (var i = 1; i <= 40; i++)
        {
            tasks.Add(i == 17 ? sink.Write(Point(i, FieldValue.Of(7L)), "raw", "acme") : sink.Write(Point(i, i + 0.5), "raw", "acme"));
        }

        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));

        (await influx.Query.CountAsync(db, "conflict", "value", "raw")).Should().Be(40);
        var letter = deadLetters.Letters.Should().ContainSingle().Subject;
        letter.ErrorType.Should().Be("sink-rejected");
        letter.Reason.Should().Contain("field type conflict");
        letter.Tenant.Should().Be("acme");
        Encoding.UTF8.GetString(letter.Line.Span).Should().Be($"conflict,n=17,tenant=acme value=7i {Now + 17}");
        letter.Stage.Should().Be("influxdb:raw@influx-0");
        sink.Snapshot().DeadLettered.Should().Be(1);
        sink.Snapshot().Targets[0].RejectedRequests.Should().BeGreaterThan(1, "the batch was split until the bad line stood alone");
    }

    [Fact]
    public async Task UnwritableRecord_IsDeadLetteredWithoutARequest()
    {
        var db = influx.NewDatabaseName();
        var deadLetters = new CapturingDeadLetters();
        await using var sink = await SinkFactory.StartAsync(SinkFactory.Options(db, influx), deadLetters);
        var point = new MetricPoint { Measurement = "m", TimestampNanos = Now };
        point.AddTag("bad", "line\nfeed").AddField("value", 1.0);

        await sink.Write(point, "raw", "acme");

        var letter = deadLetters.Letters.Should().ContainSingle().Subject;
        letter.ErrorType.Should().Be("sink-unwritable");
        letter.Reason.Should().Contain("line feed");
        sink.Snapshot().Unwritable.Should().Be(1);
        sink.Snapshot().Targets[0].Requests.Should().Be(0);
    }

    private static MetricPoint Point(int n, FieldValue value)
    {
        var point = new MetricPoint { Measurement = "conflict", TimestampNanos = Now + n };
        point.AddTag("n", n.ToString(System.Globalization.CultureInfo.InvariantCulture)).AddField("value", value);
        return point;
    }
}
