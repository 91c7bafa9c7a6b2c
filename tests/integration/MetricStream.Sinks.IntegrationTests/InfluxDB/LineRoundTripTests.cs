using MetricStream.Avro.Records;
using MetricStream.Sinks.IntegrationTests.Support;
using MetricStream.Testing.Influx;

namespace MetricStream.Sinks.IntegrationTests.InfluxDB;

/// <summary>The line writer against influxd itself: write, query back with InfluxQL, compare values, tags and types.</summary>
public sealed class LineRoundTripTests(InfluxdFixture influx) : IClassFixture<InfluxdFixture>
{
    // Recent, so inside the retention policies; odd nanoseconds to show nothing is rounded.
    private static readonly long NowNanos = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() * 1_000_000_000) + 123_456_789;

    public static TheoryData<string, string> HostileTags => new()
    {
        { "host name", "a,b=c d" },
        { "eq=key", "x=y" },
        { "comma,key", "v,v" },
        { "path", @"C:\dir\file" },
        { "quote", "say \"hi\" 'there'" },
        { "unicode", "héllo ✓ 日本" },
        { "hash", "#not-a-comment" },
        { "spaces", "  lead and trail  " },
    };

    [Theory]
    [MemberData(nameof(HostileTags))]
    public async Task HostileTagValues_ReadBackEqual(string key, string value)
    {
        var db = influx.NewDatabaseName();
        var deadLetters = new CapturingDeadLetters();
        await using var sink = await SinkFactory.StartAsync(SinkFactory.Options(db, influx), deadLetters);
        var point = new MetricPoint { Measurement = "cpu load,x", TimestampNanos = NowNanos };
        point.AddTag(key, value).AddField("value", 1.5);
        await sink.Write(point, "raw", "tenant a");
        deadLetters.Letters.Should().BeEmpty();

        var series = await influx.Query.RunAsync($"SELECT * FROM \"raw\".\"cpu load,x\"", db);
        var row = series.Should().ContainSingle().Subject.Rows.Should().ContainSingle().Subject;
        row[key].GetString().Should().Be(value);
        row["tenant"].GetString().Should().Be("tenant a");
        row["time"].GetInt64().Should().Be(NowNanos);
    }

    [Fact]
    public async Task FieldTypesAndValues_ReadBackEqual()
    {
        var db = influx.NewDatabaseName();
        await using var sink = await SinkFactory.StartAsync(SinkFactory.Options(db, influx));
        var point = new MetricPoint { Measurement = "types", TimestampNanos = NowNanos + 7 };
        point.AddTag("host", "h1")
            .AddField("f float", 0.1)
            .AddField("big", 1.7976931348623157e308)
            .AddField("tiny", 5e-324)
            .AddField("negative", -2.5e-10)
            .AddField("whole", 3.0)
            .AddField("int", long.MinValue + 1)
            .AddField("max", long.MaxValue)
            .AddField("flag", true)
            .AddField("off", false)
            .AddField("text", "say \"hi\" \\ back, = done")
            .AddField("nan", double.NaN);
        await sink.Write(point, "raw", "t1");

        var row = (await influx.Query.RunAsync("SELECT * FROM \"raw\".\"types\"", db)).Single().Rows.Single();
        row["f float"].GetDouble().Should().Be(0.1);
        row["big"].GetDouble().Should().Be(1.7976931348623157e308);
        row["tiny"].GetDouble().Should().Be(5e-324);
        row["negative"].GetDouble().Should().Be(-2.5e-10);
        row["whole"].GetDouble().Should().Be(3.0);
        row["int"].GetInt64().Should().Be(long.MinValue + 1);
        row["max"].GetInt64().Should().Be(long.MaxValue);
        row["flag"].GetBoolean().Should().BeTrue();
        row["off"].GetBoolean().Should().BeFalse();
        row["text"].GetString().Should().Be("say \"hi\" \\ back, = done");
        row.Should().NotContainKey("nan", "NaN cannot be stored, so the field is left out");

        var types = await FieldTypesAsync(db, "types");
        types.Should().Equal(new Dictionary<string, string>
        {
            ["big"] = "float", ["f float"] = "float", ["flag"] = "boolean", ["int"] = "integer", ["max"] = "integer",
            ["negative"] = "float", ["off"] = "boolean", ["text"] = "string", ["tiny"] = "float", ["whole"] = "float",
        });
    }

    [Fact]
    public async Task WindowAggregate_IsWrittenWithRollupFieldsAtWindowStart()
    {
        var db = influx.NewDatabaseName();
        await using var sink = await SinkFactory.StartAsync(SinkFactory.Options(db, influx));
        var start = DateTimeOffset.FromUnixTimeSeconds((DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60) - 120);
        var aggregate = new WindowAggregate
        {
            Tenant = "ignored", Measurement = "cpu", Field = "usage idle", WindowStart = start, WindowEnd = start.AddMinutes(1),
            Count = 12, Sum = 600, Min = 10, Max = 90, Mean = 50, Last = 42, P50 = 49.5, P95 = 88, P99 = 89.9,
        };
        aggregate.Tags.Add(new Tag("host", "web,1"));
        await sink.Write(aggregate, "rollup_1m", "acme");

        var series = await influx.Query.RunAsync("SELECT * FROM \"rollup_1m\".\"cpu\"", db);
        var row = series.Single().Rows.Single();
        row["time"].GetInt64().Should().Be(start.ToUnixTimeMilliseconds() * 1_000_000);
        row["host"].GetString().Should().Be("web,1");
        row["tenant"].GetString().Should().Be("acme");
        row["field"].GetString().Should().Be("usage idle");
        row["count"].GetInt64().Should().Be(12);
        new[] { "sum", "min", "max", "mean", "last", "p50", "p95", "p99" }.Select(f => row[f].GetDouble())
            .Should().Equal(600, 10, 90, 50, 42, 49.5, 88, 89.9);
        (await FieldTypesAsync(db, "cpu", "rollup_1m"))["count"].Should().Be("integer");
    }

    [Fact]
    public async Task StartAsync_ProvisionsRetentionPolicies_Raw30DaysRollupsOneYear()
    {
        var db = influx.NewDatabaseName();
        await using var sink = await SinkFactory.StartAsync(SinkFactory.Options(db, influx));
        var policies = (await influx.Query.RunAsync($"SHOW RETENTION POLICIES ON \"{db}\"")).Single().Rows
            .ToDictionary(r => r["name"].GetString()!, r => r["duration"].GetString());
        policies["raw"].Should().Be("720h0m0s");
        policies["rollup_1m"].Should().Be("8760h0m0s");
        policies["rollup_1h"].Should().Be("8760h0m0s");

        // Idempotent: a second start with another duration alters the policy.
        var options = SinkFactory.Options(db, influx);
        var custom = new Dictionary<string, MetricStream.Sinks.InfluxDB.InfluxDestinationOptions>(options.Destinations)
        {
            ["raw"] = new() { Database = db, RetentionDuration = TimeSpan.FromDays(7) },
        };
        await using var again = await SinkFactory.StartAsync(new MetricStream.Sinks.InfluxDB.InfluxSinkOptions { Targets = options.Targets, Destinations = custom });
        var altered = (await influx.Query.RunAsync($"SHOW RETENTION POLICIES ON \"{db}\"")).Single().Rows.Single(r => r["name"].GetString() == "raw");
        altered["duration"].GetString().Should().Be("168h0m0s");
    }

    private async Task<Dictionary<string, string>> FieldTypesAsync(string db, string measurement, string rp = "raw")
    {
        var series = await influx.Query.RunAsync($"SHOW FIELD KEYS FROM \"{rp}\".\"{measurement}\"", db);
        return series.Single().Rows.ToDictionary(r => r["fieldKey"].GetString()!, r => r["fieldType"].GetString()!);
    }
}
