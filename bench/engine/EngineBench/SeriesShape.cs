using MetricStream.Avro.Records;

namespace MetricStream.Bench.Engine;

/// <summary>
/// The benchmark's series: Telegraf-like <c>cpu</c> points with three tags (host, region, cpu) and up to
/// four numeric fields. Series s always has the same tags; its partition is fixed (s mod partitions), so
/// batches are partition-aligned as the edge writes them (the edge uses murmur2 of the series key; which
/// stable function picks the partition does not matter to the engine).
/// </summary>
internal static class SeriesShape
{
    public const string Tenant = "bench";
    public const string Measurement = "cpu";

    /// <summary>Event time of round 0; a fixed instant so runs are comparable.</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] FieldNames = ["usage_user", "usage_system", "usage_idle", "processes"];

    public static int PartitionOf(int series, int partitions) => series % partitions;

    /// <summary>Fills <paramref name="point"/> (cleared) with round <paramref name="round"/> of series <paramref name="series"/>.</summary>
    public static void Fill(MetricPoint point, int series, long round, int fields, TimeSpan interval)
    {
        point.Measurement = Measurement;
        point.AddTag("cpu", string.Concat("cpu", (series % 8).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .AddTag("host", string.Concat("server-", (series / 8).ToString("000000", System.Globalization.CultureInfo.InvariantCulture)))
            .AddTag("region", string.Concat("eu-west-", (series % 3).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        // Values spread over a few orders of magnitude, as CPU percentages and process counts do.
        var wobble = (int)(((series * 7919L) + (round * 104729L)) % 1000);
        for (var f = 0; f < fields; f++)
        {
            point.AddField(FieldNames[f % FieldNames.Length], f == 3 ? FieldValue.Of(100L + wobble) : FieldValue.Of((wobble / 10.0) + f));
        }

        point.Timestamp = Start + (interval * round);
    }
}
