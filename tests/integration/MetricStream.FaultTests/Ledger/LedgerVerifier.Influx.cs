using MetricStream.Testing.Influx;

namespace MetricStream.FaultTests.Ledger;

/// <summary>The verifier's InfluxDB side: raw rows and 1-minute rollups of the ledger's tenant, read with InfluxQL.</summary>
internal sealed partial class LedgerVerifier
{
    private async Task<List<SentPoint>> RawAsync(string measurement)
    {
        var series = await _query.RunAsync(
            $"SELECT \"{Field}\" FROM \"raw\".\"{measurement}\" WHERE \"tenant\" = {InfluxQueryClient.Literal(tenant)} GROUP BY \"host\"", database);
        return [.. series.SelectMany(s => s.Rows.Select(r =>
            new SentPoint(LoadGenerator.IdOf(r[Field].GetDouble()), s.Tags["host"], r["time"].GetInt64(), r[Field].GetDouble())))];
    }

    private async Task<Dictionary<(string Host, long Window), Rollup>> RollupsAsync(string measurement)
    {
        var series = await _query.RunAsync(
            $"SELECT \"count\", \"sum\", \"min\", \"max\", \"p50\", \"p95\", \"p99\" FROM \"rollup_1m\".\"{measurement}\""
            + $" WHERE \"tenant\" = {InfluxQueryClient.Literal(tenant)} AND \"field\" = '{Field}' GROUP BY \"host\"",
            database);
        return series.SelectMany(s => s.Rows.Select(r => (Key: (s.Tags["host"], r["time"].GetInt64()), Row: r)))
            .ToDictionary(
                x => x.Key,
                x => new Rollup(x.Row["count"].GetInt64(), x.Row["sum"].GetDouble(), x.Row["min"].GetDouble(), x.Row["max"].GetDouble(), x.Row["p50"].GetDouble(), x.Row["p95"].GetDouble(), x.Row["p99"].GetDouble()));
    }

    private async Task<long> CountOrZeroAsync(string influxQl)
    {
        try
        {
            var series = await _query.RunAsync(influxQl, database);
            return series.Count == 0 || series[0].Rows.Count == 0 ? 0 : series[0].Rows[0]["count"].GetInt64();
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or TaskCanceledException)
        {
            return 0; // not provisioned yet, or influxd restarting
        }
    }

    private readonly record struct Rollup(long Count, double Sum, double Min, double Max, double P50, double P95, double P99);
}
