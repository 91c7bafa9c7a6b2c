using MetricStream.Processing.Execution;
using MetricStream.Processing.Topology;

namespace MetricStream.Processing.Outputs;

/// <summary>
/// Where an external sink processor (e.g. <c>influxdb: raw</c>) writes, for one task (one input partition).
/// Opened by an <see cref="IExternalSinkProvider"/> when the task starts. If the instance also implements
/// <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>, the engine disposes it when the task closes,
/// after every write it made has completed (or was abandoned because the partition was lost).
/// </summary>
public interface IExternalSink
{
    /// <summary>
    /// Writes one record. Called on the task's processing thread, one record at a time, in processing
    /// order; must not block. The engine reuses point objects after this returns, so an implementation
    /// copies (or formats) what it needs before returning.
    /// </summary>
    /// <param name="kind">
    /// Whether <see cref="StreamRecord.Value"/> is a <c>MetricPoint</c>, a <c>WindowAggregate</c>, or (<see cref="StreamValueKind.Alert"/>,
    /// from an alert processor) a <c>GenericRecord</c> of <c>alert-event.avsc</c>; <c>AlertEventRecords.ToPoint</c> turns the latter into a point.
    /// </param>
    /// <param name="record">The record: series key, value and event time.</param>
    /// <returns>
    /// A task that completes when the record is durable in the target; only then may the engine commit the
    /// input offset the record came from (at-least-once). It faults only for errors that should stop the
    /// task (the application then stops and the input is processed again by the next owner); a record
    /// the target rejects for good should be dead-lettered by the sink and the task completed.
    /// </returns>
    /// <remarks>The parameter is <c>in</c>, so an implementation cannot be an <c>async</c> method: call an
    /// async helper with the copied values and return its task.</remarks>
    Task Write(StreamValueKind kind, in StreamRecord record);
}

/// <summary>Opens <see cref="IExternalSink"/>s for one kind of target, e.g. InfluxDB; registered in <c>StreamsApplicationOptions.ExternalSinks</c> under its provider name.</summary>
public interface IExternalSinkProvider
{
    /// <summary>Opens the sink of one sink processor for one task. Called when a partition is assigned, on the poll thread: keep it cheap (share connections across calls).</summary>
    /// <param name="context">The topology, processor, provider, destination and input partition.</param>
    /// <returns>The sink.</returns>
    IExternalSink Open(ExternalSinkContext context);
}
