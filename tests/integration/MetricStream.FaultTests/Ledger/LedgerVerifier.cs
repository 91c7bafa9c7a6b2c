using System.Diagnostics;
using MetricStream.Testing.Influx;

namespace MetricStream.FaultTests.Ledger;

/// <summary>
/// Checks a run against the ledger, reading the pipeline's outputs itself: <c>metrics.points</c>,
/// <c>metrics.late</c> and <c>metrics.dead-letters</c> from Kafka (its own Avro reader) and the raw and
/// <c>rollup_1m</c> rows from InfluxDB (InfluxQL over HTTP). It never calls the engine's aggregation or the
/// sink's formatting: rollups are recomputed here from the points found in Kafka.
/// </summary>
/// <remarks>
/// Rules. Every acknowledged point is in Kafka (at most once) and in raw, with its host, time and value.
/// Points of unacknowledged requests may be there too (the edge may have produced them before failing), but
/// nothing the generator never sent. Every 1-minute rollup of the measurement equals the one recomputed from
/// the distinct ledger points in Kafka, each once, minus those whose every copy is on the late topic (count, sum, min, max exactly; p50, p95,
/// p99 within the sketch's bound <c>|v - x| &lt;= 0.01 |x|</c>, x the exact value of rank floor(q (n - 1))), and
/// every window holding a data point before <c>closedBefore</c> has its rollup.
/// </remarks>
internal sealed partial class LedgerVerifier(string bootstrapServers, Uri influx, string database, string tenant)
{
    private const string Field = "value";
    private const double RelativeAccuracy = 0.01;
    private static readonly long MinuteNanos = TimeSpan.FromMinutes(1).Ticks * 100;
    private readonly InfluxQueryClient _query = new(influx);

    /// <summary>
    /// Waits (up to <paramref name="patience"/>) until Kafka holds every acknowledged point and InfluxDB as many raw rows
    /// as Kafka has ledger points and every required rollup, then checks everything.
    /// </summary>
    public async Task<LedgerReport> WaitAndVerifyAsync(LoadGenerator load, DateTimeOffset closedBefore, TimeSpan patience)
    {
        var watch = Stopwatch.StartNew();
        var acked = load.Acked.Select(p => p.Id).ToHashSet();
        var kafka = await PollAsync(
            () => Task.FromResult(ReadPoints(load.Measurement)),
            points => acked.IsSubsetOf(points.Select(p => p.Id)),
            patience - watch.Elapsed);
        var kafkaIds = kafka.Select(p => p.Id).Distinct().Count();
        var required = RequiredWindows(load, kafka, closedBefore).Count;
        await PollAsync(
            async () => (Raw: await CountOrZeroAsync($"SELECT count(\"{Field}\") FROM \"raw\".\"{load.Measurement}\" WHERE \"tenant\" = {InfluxQueryClient.Literal(tenant)}"),
                         Rollups: await CountOrZeroAsync($"SELECT count(\"count\") FROM \"rollup_1m\".\"{load.Measurement}\" WHERE \"tenant\" = {InfluxQueryClient.Literal(tenant)} AND \"field\" = '{Field}'")),
            counts => counts.Raw >= kafkaIds && counts.Rollups >= required,
            patience - watch.Elapsed);
        return await VerifyAsync(load, closedBefore);
    }

    /// <summary>Checks the run now (no waiting).</summary>
    public async Task<LedgerReport> VerifyAsync(LoadGenerator load, DateTimeOffset closedBefore)
    {
        var problems = new List<string>();
        var sent = load.Acked.Concat(load.Unacked).ToDictionary(p => p.Id);
        var acked = load.Acked.Select(p => p.Id).ToHashSet();
        int lost = 0, duplicated = 0, extra = 0, outOfBound = 0;
        void Problem(string text)
        {
            if (problems.Count < 20)
            {
                problems.Add(text);
            }
        }

        // Kafka: every acked point, once; nothing unsent.
        var kafka = ReadPoints(load.Measurement);
        var kafkaCounts = kafka.GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (id, count) in kafkaCounts.Where(c => c.Value > 1))
        {
            duplicated += count - 1;
            Problem($"point {id} is {count} times in metrics.points");
        }

        foreach (var point in kafka.DistinctBy(p => p.Id).Where(p => !sent.TryGetValue(p.Id, out var s) || s != p))
        {
            extra++;
            Problem($"metrics.points holds {point}, which was never sent");
        }

        foreach (var id in acked.Where(id => !kafkaCounts.ContainsKey(id)))
        {
            lost++;
            Problem($"acknowledged point {sent[id]} is not in metrics.points");
        }

        // Raw: every point in Kafka, with the values sent; nothing else.
        var raw = await RawAsync(load.Measurement);
        foreach (var point in raw.Where(p => !sent.TryGetValue(p.Id, out var s) || s != p))
        {
            extra++;
            Problem($"raw holds {point}, which was never sent");
        }

        var rawIds = raw.Select(p => p.Id).ToHashSet();
        foreach (var id in kafkaCounts.Keys.Where(id => sent.ContainsKey(id) && !rawIds.Contains(id)))
        {
            lost++;
            Problem($"point {sent[id]} ({(acked.Contains(id) ? "acknowledged" : "unacknowledged, but in Kafka")}) is not in raw");
        }

        // Rollups: recomputed from the distinct ledger points in Kafka, each once, leaving out those whose every copy
        // went to the late topic (a late copy of a point counted on time is not a second count).
        var late = ReadLateIds(load.Measurement);
        var expected = kafka.DistinctBy(p => p.Id).Where(p => sent.ContainsKey(p.Id) && kafkaCounts[p.Id] > late.GetValueOrDefault(p.Id))
            .GroupBy(p => (p.Host, Window: p.TimeNanos - (p.TimeNanos % MinuteNanos)))
            .ToDictionary(g => g.Key, g => g.Select(p => p.Value).Order().ToArray());
        var actual = await RollupsAsync(load.Measurement);
        foreach (var (key, rollup) in actual)
        {
            if (!expected.TryGetValue(key, out var values))
            {
                extra++;
                Problem($"rollup {key} {rollup} has no points in Kafka");
                continue;
            }

            if (rollup.Count > values.Length)
            {
                duplicated += (int)(rollup.Count - values.Length);
            }
            else if (rollup.Count < values.Length)
            {
                lost += (int)(values.Length - rollup.Count);
            }

            if (rollup.Count != values.Length || rollup.Sum != values.Sum() || rollup.Min != values[0] || rollup.Max != values[^1])
            {
                Problem($"rollup {key} is {rollup}; recomputed: count {values.Length}, sum {values.Sum()}, min {values[0]}, max {values[^1]}");
            }

            foreach (var (q, v) in new[] { (0.50, rollup.P50), (0.95, rollup.P95), (0.99, rollup.P99) })
            {
                var exact = values[(int)Math.Floor(q * (values.Length - 1))];
                if (Math.Abs(v - exact) > (RelativeAccuracy * Math.Abs(exact)) + 1e-9)
                {
                    outOfBound++;
                    Problem($"rollup {key} p{q * 100:0} is {v}; exact {exact}, allowed error {RelativeAccuracy:P0}");
                }
            }
        }

        foreach (var key in RequiredWindows(load, kafka, closedBefore).Where(k => !actual.ContainsKey(k)))
        {
            lost += expected.TryGetValue(key, out var values) ? values.Length : 0;
            Problem($"no rollup for {key}, whose window closed");
        }

        return new LedgerReport
        {
            Acked = acked.Count,
            UnackedDelivered = kafkaCounts.Keys.Count(id => sent.ContainsKey(id) && !acked.Contains(id)),
            InKafka = kafkaCounts.Count,
            DuplicatedInKafka = kafkaCounts.Values.Sum(c => c - 1),
            InRaw = raw.Count,
            RollupsChecked = actual.Count,
            Lost = lost,
            Duplicated = duplicated,
            Extra = extra,
            QuantilesOutOfBound = outOfBound,
            Late = late.Values.Sum(),
            DeadLetters = TopicSnapshot.ReadAll(bootstrapServers, "metrics.dead-letters", TimeSpan.FromSeconds(60)).Count,
            Problems = problems,
        };
    }

    // Windows holding a data point earlier than closedBefore: the scenario moved stream time past their end + grace.
    private static HashSet<(string Host, long Window)> RequiredWindows(LoadGenerator load, IEnumerable<SentPoint> kafka, DateTimeOffset closedBefore)
    {
        var limit = LoadGenerator.ToNanos(closedBefore);
        return kafka.Where(p => p.Id >= 0 && p.TimeNanos < limit && p.TimeNanos >= LoadGenerator.ToNanos(load.Start))
            .Select(p => (p.Host, p.TimeNanos - (p.TimeNanos % MinuteNanos)))
            .ToHashSet();
    }

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan patience)
    {
        var watch = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            var value = await read();
            if (done(value) || watch.Elapsed > patience)
            {
                return value; // past the deadline the check itself reports what is missing
            }

            await Task.Delay(pause);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 2000));
        }
    }

    private List<SentPoint> ReadPoints(string measurement) =>
        [.. TopicSnapshot.ReadAll(bootstrapServers, "metrics.points", TimeSpan.FromSeconds(60))
            .SelectMany(v => AvroPointReader.ReadBatch(v))
            .Where(p => p.Tenant == tenant && p.Measurement == measurement)
            .Select(ToSent)];

    private Dictionary<long, int> ReadLateIds(string measurement)
    {
        var ids = new Dictionary<long, int>();
        foreach (var value in TopicSnapshot.ReadAll(bootstrapServers, "metrics.late", TimeSpan.FromSeconds(60)))
        {
            TopicPoint point;
            try
            {
                point = AvroPointReader.ReadPoint(value);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException)
            {
                continue; // a late window aggregate (of the 1-hour rollup), not a point
            }

            if (point.Tenant == tenant && point.Measurement == measurement)
            {
                var id = ToSent(point).Id;
                ids[id] = ids.GetValueOrDefault(id) + 1;
            }
        }

        return ids;
    }

    private static SentPoint ToSent(TopicPoint point)
    {
        var value = point.Fields.GetValueOrDefault(Field, double.NaN);
        return new SentPoint(LoadGenerator.IdOf(value), point.Tags.GetValueOrDefault("host", string.Empty), point.TimeNanos, value);
    }
}
