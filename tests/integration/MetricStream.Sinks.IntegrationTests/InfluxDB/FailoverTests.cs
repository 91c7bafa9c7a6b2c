using MetricStream.Avro.Records;
using MetricStream.Sinks.InfluxDB;
using MetricStream.Sinks.IntegrationTests.Support;
using MetricStream.Testing;
using MetricStream.Testing.Influx;

namespace MetricStream.Sinks.IntegrationTests.InfluxDB;

/// <summary>influxd crashes, restarts, and one of two targets stops: nothing written is lost.</summary>
public sealed class FailoverTests
{
    private static readonly long Now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() * 1_000_000_000;

    [Fact]
    public async Task InfluxdKilledMidStream_RestartedTenSecondsLater_NoPointMissing()
    {
        await using var influx = await InfluxdFixture.StartAsync();
        var db = influx.NewDatabaseName();
        await using var sink = await SinkFactory.StartAsync(SinkFactory.Options(db, influx));
        var tasks = new List<Task>();
        var n = 0;
        for (var batch = 0; batch < 10; batch++)
        {
            tasks.AddRange(WriteMany(sink, ref n, 300, "steady"));
            await Task.WhenAll(tasks[^300..]).WaitAsync(TimeSpan.FromSeconds(60));
        }

        // Lines in flight and queued when the server dies, then more while it is down.
        var windows = 0;
        tasks.AddRange(WriteMany(sink, ref n, 3000, "steady"));
        tasks.AddRange(WriteRollups(sink, ref windows, 100));
        influx.Server.Kill();
        tasks.AddRange(WriteMany(sink, ref n, 3000, "steady"));
        tasks.AddRange(WriteRollups(sink, ref windows, 100));
        await Poll.UntilAsync(() => sink.Snapshot().Targets[0].Circuit != InfluxCircuitState.Closed, "the breaker to open while influxd is down");

        // The scenario's outage length, not a wait for a condition.
        await Task.Delay(TimeSpan.FromSeconds(10));
        tasks.Where(t => t.IsCompleted).Should().HaveCountLessThan(tasks.Count, "lines written while influxd is down cannot be acknowledged");
        await influx.Server.RestartAsync();
        tasks.AddRange(WriteMany(sink, ref n, 3000, "steady"));

        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(120));
        (await influx.Query.CountAsync(db, "steady", "value", "raw")).Should().Be(n);

        // Batches resent after the crash overwrite the same series + timestamp: no rollup is counted twice.
        var rollups = (await influx.Query.RunAsync("SELECT count(\"count\"), sum(\"count\") FROM \"rollup_1m\".\"load\"", db)).Single().Rows.Single();
        rollups["count"].GetInt64().Should().Be(windows);
        rollups["sum"].GetInt64().Should().Be(windows * 10L);
        var target = sink.Snapshot().Targets[0];
        target.Retries.Should().BeGreaterThan(0);
        target.LinesWritten.Should().BeGreaterThanOrEqualTo(n);
    }

    [Fact]
    public async Task TwoTargets_OneStopped_TenantHashFailsOverAndLosesNothing()
    {
        await using var first = await InfluxdFixture.StartAsync();
        await using var second = await InfluxdFixture.StartAsync();
        var db = first.NewDatabaseName();
        var options = SinkFactory.Options(db, first, second);
        await using var sink = await SinkFactory.StartAsync(new InfluxSinkOptions
        {
            Targets = options.Targets, Destinations = options.Destinations, BatchMaxLines = 500, BatchLinger = options.BatchLinger,
            RetryBaseDelay = options.RetryBaseDelay, RetryMaxDelay = options.RetryMaxDelay, BreakerFailureThreshold = 3,
            BreakerOpenDuration = TimeSpan.FromSeconds(60),
        });
        var n = 0;
        await Task.WhenAll(WriteMany(sink, ref n, 2000, "spread")).WaitAsync(TimeSpan.FromSeconds(60));
        var before = sink.Snapshot().Targets;
        before.Should().OnlyContain(t => t.LinesWritten > 0, "tenants hash onto both targets");

        // Lines already routed to the stopped target move with their batches; later ones are routed away at once.
        await second.Server.StopAsync();
        var during = WriteMany(sink, ref n, 4000, "spread");
        await Poll.UntilAsync(() => sink.Snapshot().Targets[1].Circuit == InfluxCircuitState.Open, "the stopped target's breaker to open");
        during.AddRange(WriteMany(sink, ref n, 4000, "spread"));
        await Task.WhenAll(during).WaitAsync(TimeSpan.FromSeconds(120));

        var after = sink.Snapshot().Targets;
        after[1].BatchesReroutedAway.Should().BeGreaterThan(0, "batches queued for the stopped target were moved");
        after[0].FailoverDecisions.Should().BeGreaterThan(0, "the stopped target's tenants were routed to the healthy one");
        await second.Server.RestartAsync();
        var stored = await first.Query.CountAsync(db, "spread", "value", "raw") + await second.Query.CountAsync(db, "spread", "value", "raw");
        stored.Should().Be(n);
    }

    private static List<Task> WriteRollups(InfluxSink sink, ref int windows, int count)
    {
        var tasks = new List<Task>(count);
        var aggregate = new WindowAggregate { Measurement = "load", Field = "value" };
        var first = DateTimeOffset.FromUnixTimeSeconds((Now / 1_000_000_000 / 60 * 60) - (24 * 3600));
        for (var i = 0; i < count; i++, windows++)
        {
            aggregate.WindowStart = first.AddMinutes(windows);
            aggregate.WindowEnd = aggregate.WindowStart.AddMinutes(1);
            aggregate.Count = 10;
            aggregate.Sum = aggregate.Mean = aggregate.Min = aggregate.Max = aggregate.Last = windows;
            tasks.Add(sink.Write(aggregate, "rollup_1m", "acme"));
        }

        return tasks;
    }

    private static List<Task> WriteMany(InfluxSink sink, ref int n, int count, string measurement)
    {
        var tasks = new List<Task>(count);
        var point = new MetricPoint { Measurement = measurement };
        for (var i = 0; i < count; i++, n++)
        {
            point.Clear();
            point.Measurement = measurement;
            point.TimestampNanos = Now + n;
            point.AddTag("host", $"h{n % 7}").AddField("value", (double)n);
            tasks.Add(sink.Write(point, "raw", $"tenant-{n % 20}"));
        }

        return tasks;
    }
}
