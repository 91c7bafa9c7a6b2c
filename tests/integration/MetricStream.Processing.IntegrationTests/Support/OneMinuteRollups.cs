using Confluent.Kafka;

namespace MetricStream.Processing.IntegrationTests.Support;

/// <summary>Reads a run's 1-minute rollup topic back as <see cref="Rollup"/> rows.</summary>
internal static class OneMinuteRollups
{
    /// <summary>
    /// Reads the 1-minute topic until every tested window (hosts h0..h<paramref name="series"/>-1, the first
    /// <paramref name="minutes"/> minutes after <see cref="PointsInput.Base"/>) is there; a window read twice
    /// (at-least-once) must repeat the same values. Returns one row per window, ordered by host and start.
    /// </summary>
    public static List<Rollup> Read(string bootstrap, RollupTopics topics, int series, int minutes)
    {
        var end = PointsInput.Base.AddMinutes(minutes);
        List<Rollup> Tested(List<ConsumeResult<byte[]?, byte[]>> records) =>
            [.. records.Select(r => Rollup.From(OutputReader.Aggregate(r.Message.Value))).Where(r => r.Start < end)];
        var all = Tested(OutputReader.ReadUntil(
            bootstrap,
            topics.Rollup1m,
            records => Tested(records).Select(r => (r.Host, r.Start)).Distinct().Count() >= series * minutes));
        foreach (var group in all.GroupBy(r => (r.Host, r.Start)))
        {
            group.Distinct().Should().HaveCount(1, $"a replayed window ({group.Key}) must give the same result");
        }

        return [.. all.Distinct().OrderBy(r => r.Host, StringComparer.Ordinal).ThenBy(r => r.Start)];
    }
}
