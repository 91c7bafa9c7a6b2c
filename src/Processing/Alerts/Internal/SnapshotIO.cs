namespace MetricStream.Processing.Alerts.Internal;

/// <summary>Binary encoding of times in evaluator snapshots (UTC ticks; -1 for none).</summary>
internal static class SnapshotIO
{
    public static void WriteTime(this BinaryWriter writer, DateTimeOffset? time) => writer.Write(time?.UtcTicks ?? -1L);

    public static DateTimeOffset? ReadOptionalTime(this BinaryReader reader)
    {
        var ticks = reader.ReadInt64();
        return ticks < 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    public static DateTimeOffset ReadTime(this BinaryReader reader) =>
        reader.ReadOptionalTime() ?? throw new InvalidDataException("alert snapshot: a required time is missing.");
}
