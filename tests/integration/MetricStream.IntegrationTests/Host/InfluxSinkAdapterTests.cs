using Confluent.Kafka;
using MetricStream.Avro.Records;
using MetricStream.Host.Roles;
using MetricStream.Processing.Alerts;
using MetricStream.Processing.Execution;
using MetricStream.Processing.Outputs;
using MetricStream.Processing.Topology;
using MetricStream.Sinks.InfluxDB;
using MetricStream.Testing.Influx;

namespace MetricStream.IntegrationTests.Host;

/// <summary>The engine's influxdb provider over the Sinks writer, against a real influxd.</summary>
public sealed class InfluxSinkAdapterTests : IClassFixture<InfluxdFixture>
{
    private static readonly DateTimeOffset Minute = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly InfluxdFixture _influx;

    public InfluxSinkAdapterTests(InfluxdFixture influx) => _influx = influx;

    [Fact]
    public async Task Write_PointAndAggregate_LandInTheirDestinationsTaggedWithTheRecordsTenant()
    {
        var database = _influx.NewDatabaseName("adapter");
        await using var sink = await StartSinkAsync(database);
        var provider = new InfluxSinkAdapter(sink);
        var raw = provider.Open(Context("raw"));
        var minutes = provider.Open(Context("rollup_1m"));
        var point = new MetricPoint { Tenant = "acme", Measurement = "cpu", Timestamp = Minute.AddSeconds(10) }
            .AddTag("host", "web-01").AddTag("tenant", "spoofed").AddField("usage_user", 12.5);
        var aggregate = new WindowAggregate
        {
            Tenant = "acme", Measurement = "cpu", Field = "usage_user", WindowStart = Minute, WindowEnd = Minute.AddMinutes(1),
            Count = 6, Sum = 60, Min = 5, Max = 15, Mean = 10, Last = 12.5, P50 = 10, P95 = 14, P99 = 15,
        };
        aggregate.Tags.Add(new Tag("host", "web-01"));

        var written = raw.Write(StreamValueKind.Point, new StreamRecord("k", point, point.Timestamp));
        point.Clear(); // the engine reuses point objects once Write returns
        await written.WaitAsync(TimeSpan.FromSeconds(30));
        await minutes.Write(StreamValueKind.Aggregate, new StreamRecord("k", aggregate, aggregate.WindowEnd)).WaitAsync(TimeSpan.FromSeconds(30));

        var points = await _influx.Query.RunAsync("SELECT \"usage_user\", \"tenant\", \"host\" FROM \"raw\".\"cpu\"", database);
        var row = points.Single().Rows.Single();
        row["usage_user"].GetDouble().Should().Be(12.5);
        row["tenant"].GetString().Should().Be("acme", "the tenant comes from the record, never from a payload tag");
        row["host"].GetString().Should().Be("web-01");
        var rollups = await _influx.Query.RunAsync("SELECT \"count\", \"mean\", \"tenant\", \"field\" FROM \"rollup_1m\".\"cpu\"", database);
        var rollup = rollups.Single().Rows.Single();
        rollup["count"].GetInt64().Should().Be(6);
        rollup["mean"].GetDouble().Should().Be(10);
        rollup["field"].GetString().Should().Be("usage_user");
        rollup["time"].GetInt64().Should().Be(Minute.ToUnixTimeMilliseconds() * 1_000_000, "a rollup is stamped with its window start");
        (await _influx.Query.CountAsync(database, "cpu", "mean", "raw")).Should().Be(0, "each destination has its own retention policy");
    }

    [Fact]
    public async Task Write_AlertTransition_LandsInTheAlertsMeasurementWithRuleStateAndSeriesTags()
    {
        var database = _influx.NewDatabaseName("adapter");
        await using var sink = await StartSinkAsync(database);
        var alerts = new InfluxSinkAdapter(sink).Open(Context("alerts"));
        var transition = new AlertEvent(
            "cpu-high", "acme/cpu,host=web-01", "acme", AlertState.Firing, 97.5,
            new Dictionary<string, string> { ["severity"] = "critical" }, new Dictionary<string, string>(), Minute.AddMinutes(5), Minute.AddMinutes(5));

        await alerts.Write(StreamValueKind.Alert, new StreamRecord("k", AlertEventRecords.ToRecord(transition, rule: null), Minute.AddMinutes(5)))
            .WaitAsync(TimeSpan.FromSeconds(30));

        var rows = await _influx.Query.RunAsync("SELECT \"state\", \"value\", \"rule\", \"host\", \"tenant\" FROM \"alerts\".\"alerts\"", database);
        var row = rows.Single().Rows.Single();
        row["state"].GetString().Should().Be("firing");
        row["value"].GetDouble().Should().Be(97.5);
        row["rule"].GetString().Should().Be("cpu-high");
        row["host"].GetString().Should().Be("web-01");
        row["tenant"].GetString().Should().Be("acme");
    }

    [Fact]
    public async Task Open_DestinationNotConfigured_ThrowsNamingTopologySinkAndTheDefinedDestinations()
    {
        await using var sink = await StartSinkAsync(_influx.NewDatabaseName("adapter"));

        var open = () => new InfluxSinkAdapter(sink).Open(Context("rollup_5m"));

        open.Should().Throw<ArgumentException>()
            .WithMessage("*topology 'rollups': sink 'to-influx' writes to influxdb destination 'rollup_5m'*(defined: alerts, raw, rollup_1h, rollup_1m)*");
    }

    private static ExternalSinkContext Context(string destination) =>
        new("rollups", "to-influx", ExternalSinks.InfluxDb, destination, new TopicPartition("metrics.points", 3));

    private async Task<InfluxSink> StartSinkAsync(string database)
    {
        var settings = new InfluxSinkSettings { Urls = _influx.Url.ToString(), Database = database, BatchLinger = TimeSpan.FromMilliseconds(50) };
        var sink = new InfluxSink(settings.ToOptions());
        await sink.StartAsync();
        return sink;
    }
}
