namespace MetricStream.Processing.Execution;

/// <summary>
/// A record flowing between processors or written to a topic: the series key, the value (a
/// <c>MetricPoint</c> or a <c>WindowAggregate</c>) and the record's event time. Processors do not keep a
/// value after they return: the engine reuses point objects.
/// </summary>
/// <param name="Key">The series key (see <c>SeriesKey</c>).</param>
/// <param name="Value">A <c>MetricPoint</c> or a <c>WindowAggregate</c>.</param>
/// <param name="Timestamp">Event time: the point's timestamp, or for an aggregate its window end minus 1 ms.</param>
public readonly record struct StreamRecord(string Key, object Value, DateTimeOffset Timestamp);

/// <summary>Counters of one processor in one task, as a snapshot.</summary>
/// <param name="RecordsIn">Records received.</param>
/// <param name="RecordsOut">Records forwarded or written.</param>
/// <param name="LateRecords">Window aggregates: records that missed at least one already-closed window (each sent once to the late topic).</param>
/// <param name="WindowsClosed">Window aggregates: windows closed and emitted (one per series, field and window), including <paramref name="WindowsClosedOnIdle"/>.</param>
/// <param name="WindowsClosedOnIdle">Window aggregates: windows closed by the wall-clock idle rule.</param>
/// <param name="SkippedValues">Window aggregates: NaN or infinite values not aggregated.</param>
/// <param name="OpenWindows">Window aggregates: windows currently open (per series, field and window).</param>
public sealed record ProcessorCounters(long RecordsIn, long RecordsOut, long LateRecords, long WindowsClosed, long WindowsClosedOnIdle, long SkippedValues, int OpenWindows)
{
    /// <summary>Window aggregates: windows opened by data (restored windows are not counted); 0 for other processors.</summary>
    public long WindowsOpened { get; init; }
}

/// <summary>One open window in a window-aggregate processor's store.</summary>
/// <param name="SeriesKey">The series.</param>
/// <param name="Field">The aggregated field.</param>
/// <param name="Window">The window.</param>
/// <param name="Count">Values aggregated so far.</param>
public sealed record WindowStoreEntry(string SeriesKey, string Field, Windows.TimeWindow Window, long Count);
