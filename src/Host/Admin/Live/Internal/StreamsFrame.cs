using MetricStream.Processing.Runtime;

namespace MetricStream.Host.Admin.Live.Internal;

/// <summary>
/// The processing part of a live frame, from each application's <see cref="StreamsApplication.Snapshot"/>:
/// per topology <c>{"application","topology","recordsPerSecond","pointsPerSecond","outputsPerSecond",
/// "windowsClosedPerSecond","lateRecordsPerSecond","lateRecords","windowsClosed","openWindows","deadLetters",
/// "commits","assignedPartitions","partitions":[{"topic","partition","lag","committedOffset","endOffset","paused"}]}</c>.
/// </summary>
internal static class StreamsFrame
{
    /// <summary>Builds one entry per application.</summary>
    /// <param name="applications">The applications in this process.</param>
    /// <param name="rates">The connection's rate tracker.</param>
    /// <returns>The objects to serialise.</returns>
    public static List<Dictionary<string, object?>> Build(IReadOnlyList<StreamsApplication> applications, RateTracker rates) =>
        applications.Select(a => a.Snapshot()).Select(s => new Dictionary<string, object?>
        {
            ["application"] = s.ApplicationId,
            ["topology"] = s.Topology,
            ["recordsPerSecond"] = rates.Rate("in/" + s.ApplicationId, s.RecordsIn),
            ["pointsPerSecond"] = rates.Rate("points/" + s.ApplicationId, s.PointsIn),
            ["outputsPerSecond"] = rates.Rate("out/" + s.ApplicationId, s.RecordsOut),
            ["windowsClosedPerSecond"] = rates.Rate("closed/" + s.ApplicationId, s.WindowsClosed),
            ["lateRecordsPerSecond"] = rates.Rate("late/" + s.ApplicationId, s.LateRecords),
            ["recordsIn"] = s.RecordsIn,
            ["lateRecords"] = s.LateRecords,
            ["windowsClosed"] = s.WindowsClosed,
            ["openWindows"] = s.OpenWindows,
            ["deadLetters"] = s.DeadLetters,
            ["commits"] = s.Commits,
            ["assignedPartitions"] = s.AssignedPartitions,
            ["partitions"] = s.Partitions.Select(p => new Dictionary<string, object?>
            {
                ["topic"] = p.Topic,
                ["partition"] = p.Partition,
                ["lag"] = p.Lag,
                ["committedOffset"] = p.CommittedOffset,
                ["endOffset"] = p.EndOffset,
                ["paused"] = p.Paused,
            }).ToList(),
        }).ToList();
}
