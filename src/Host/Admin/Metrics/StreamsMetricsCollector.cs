using System.Globalization;
using MetricStream.Observability.Metrics;
using MetricStream.Processing.Alerts;
using MetricStream.Processing.Runtime;

namespace MetricStream.Host.Admin.Metrics;

/// <summary>
/// Writes the <c>metricstream_streams_*</c> and <c>metricstream_alert*</c> families of the streams applications in
/// the process, from one <see cref="StreamsApplication.Snapshot"/> each per scrape. Every family is written even
/// when no application runs, so its name is always discoverable.
/// </summary>
internal static class StreamsMetricsCollector
{
    private const string Prefix = "metricstream_streams_";

    private static readonly (string Name, string Help, MetricType Type, Func<StreamsMetricsSnapshot, long> Read)[] Totals =
    [
        ("records_in_total", "Kafka input records processed.", MetricType.Counter, s => s.RecordsIn),
        ("points_in_total", "Points in the input records (a point batch counts its points).", MetricType.Counter, s => s.PointsIn),
        ("records_out_total", "Outputs sent to Kafka topics and external sinks.", MetricType.Counter, s => s.RecordsOut),
        ("dead_letters_total", "Records sent to the dead-letter topic.", MetricType.Counter, s => s.DeadLetters),
        ("late_records_total", "Records later than a window's grace (sent to the late topic).", MetricType.Counter, s => s.LateRecords),
        ("windows_opened_total", "Windows opened by data.", MetricType.Counter, s => s.WindowsOpened),
        ("open_windows", "Window state entries held now.", MetricType.Gauge, s => s.OpenWindows),
        ("restores_total", "Tasks that restored their state from a changelog.", MetricType.Counter, s => s.Restores),
        ("restored_windows_total", "Open windows brought back by restores.", MetricType.Counter, s => s.RestoredWindows),
        ("commits_total", "Offset commits.", MetricType.Counter, s => s.Commits),
        ("pauses_total", "Times a partition was paused because its task's input was full (backpressure).", MetricType.Counter, s => s.Pauses),
        ("producer_queue_full_retries_total", "Outputs retried because the producer's queue stayed full.", MetricType.Counter, s => s.ProducerQueueFullRetries),
        ("assigned_partitions", "Partitions (tasks) assigned to this instance now.", MetricType.Gauge, s => s.AssignedPartitions),
    ];

    private static readonly (string Name, string Help, Func<StreamsPartitionMetrics, long> Read)[] PartitionGauges =
    [
        ("partition_committed_offset", "Next offset to read, as last committed by this instance; -1 before the first commit.", p => p.CommittedOffset),
        ("partition_end_offset", "The partition's high watermark as last seen by the consumer; -1 when unknown.", p => p.EndOffset),
        ("partition_lag", "End offset minus committed offset (consumer lag, records); -1 when either is unknown.", p => p.Lag),
        ("partition_open_windows", "Window state entries of the partition's task.", p => p.OpenWindows),
        ("partition_paused", "1 while the partition is paused for backpressure.", p => p.Paused ? 1 : 0),
    ];

    private static readonly (string Name, string Help, MetricType Type, Func<StreamsProcessorMetrics, long> Read)[] ProcessorFigures =
    [
        ("processor_records_in_total", "Records a processor received.", MetricType.Counter, p => p.RecordsIn),
        ("processor_records_out_total", "Records a processor forwarded or wrote.", MetricType.Counter, p => p.RecordsOut),
        ("processor_late_records_total", "Window aggregates: records later than grace.", MetricType.Counter, p => p.LateRecords),
        ("processor_windows_opened_total", "Window aggregates: windows opened by data.", MetricType.Counter, p => p.WindowsOpened),
        ("processor_windows_closed_total", "Window aggregates: windows closed and emitted.", MetricType.Counter, p => p.WindowsClosed),
        ("processor_skipped_values_total", "Window aggregates: NaN or infinite values skipped; joins: unmatched records.", MetricType.Counter, p => p.SkippedValues),
        ("processor_open_windows", "Window aggregates: windows open now.", MetricType.Gauge, p => p.OpenWindows),
    ];

    /// <summary>Writes every family for <paramref name="applications"/>.</summary>
    /// <param name="writer">The scrape.</param>
    /// <param name="applications">The process's applications (may be empty).</param>
    public static void Write(MetricsWriter writer, IReadOnlyList<StreamsApplication> applications)
    {
        var snapshots = applications.Select(a => (Snapshot: a.Snapshot(), a.AlertActivity)).ToList();
        foreach (var (name, help, type, read) in Totals)
        {
            if (writer.Family(Prefix + name, help, type))
            {
                foreach (var (snapshot, _) in snapshots)
                {
                    writer.Sample(read(snapshot), Labels(snapshot));
                }
            }
        }

        if (writer.Family(Prefix + "windows_closed_total", "Windows closed and emitted, by what closed them: stream time passing the end plus grace, or the wall-clock idle rule.", MetricType.Counter))
        {
            foreach (var (snapshot, _) in snapshots)
            {
                writer.Sample(snapshot.WindowsClosed - snapshot.WindowsClosedOnIdle, [.. Labels(snapshot), ("reason", "stream_time")]);
                writer.Sample(snapshot.WindowsClosedOnIdle, [.. Labels(snapshot), ("reason", "idle")]);
            }
        }

        foreach (var (name, help, read) in PartitionGauges)
        {
            if (writer.Family(Prefix + name, help, MetricType.Gauge))
            {
                foreach (var (snapshot, _) in snapshots)
                {
                    foreach (var partition in snapshot.Partitions)
                    {
                        writer.Sample(read(partition), [.. Labels(snapshot), ("topic", partition.Topic), ("partition", partition.Partition.ToString(CultureInfo.InvariantCulture))]);
                    }
                }
            }
        }

        foreach (var (name, help, type, read) in ProcessorFigures)
        {
            if (writer.Family(Prefix + name, help, type))
            {
                foreach (var (snapshot, _) in snapshots)
                {
                    foreach (var processor in snapshot.Processors)
                    {
                        writer.Sample(read(processor), [.. Labels(snapshot), ("processor", processor.Name), ("type", processor.Type)]);
                    }
                }
            }
        }

        WriteAlerts(writer, snapshots);
    }

    private static void WriteAlerts(MetricsWriter writer, List<(StreamsMetricsSnapshot Snapshot, AlertActivity Alerts)> snapshots)
    {
        if (writer.Family("metricstream_alerts_firing", "Alerts (rule and series) firing now.", MetricType.Gauge))
        {
            snapshots.ForEach(s => writer.Sample(s.Alerts.FiringNow, ("application", s.Snapshot.ApplicationId)));
        }

        if (writer.Family("metricstream_alert_transitions_total", "Alert state transitions emitted, by the state entered.", MetricType.Counter))
        {
            foreach (var (snapshot, alerts) in snapshots)
            {
                foreach (var state in Enum.GetValues<AlertState>())
                {
                    writer.Sample(alerts.Transitions(state), ("application", snapshot.ApplicationId), ("state", StateLabel(state)));
                }
            }
        }

        if (writer.Family("metricstream_alert_aggregates_evaluated_total", "Aggregates the alert rules were evaluated against.", MetricType.Counter))
        {
            snapshots.ForEach(s => writer.Sample(s.Alerts.AggregatesEvaluated, ("application", s.Snapshot.ApplicationId)));
        }
    }

    private static string StateLabel(AlertState state) => state switch
    {
        AlertState.Inactive => "inactive",
        AlertState.Pending => "pending",
        AlertState.Firing => "firing",
        AlertState.Resolved => "resolved",
        _ => "other",
    };

    private static (string Name, string Value)[] Labels(StreamsMetricsSnapshot snapshot) =>
        [("application", snapshot.ApplicationId), ("topology", snapshot.Topology)];
}
