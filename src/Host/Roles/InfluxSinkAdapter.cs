using MetricStream.Avro.Generic;
using MetricStream.Avro.Records;
using MetricStream.Processing.Alerts;
using MetricStream.Processing.Execution;
using MetricStream.Processing.Outputs;
using MetricStream.Processing.Topology;
using MetricStream.Sinks.InfluxDB;

namespace MetricStream.Host.Roles;

/// <summary>
/// The engine's <c>influxdb</c> external sink provider over the Sinks project's <see cref="InfluxSink"/>: a
/// topology's <c>influxdb: &lt;destination&gt;</c> sink writes each record (raw point or window aggregate) to
/// that destination, with the tenant taken from the record. One <see cref="InfluxSink"/> (its batches,
/// connections and breakers) is shared by every task; the write's task completes when InfluxDB stored the
/// record's batch (or dead-lettered the line), so the engine commits input offsets only after that.
/// </summary>
internal sealed class InfluxSinkAdapter(InfluxSink sink) : IExternalSinkProvider
{
    /// <inheritdoc />
    public IExternalSink Open(ExternalSinkContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!sink.Destinations.Contains(context.Destination))
        {
            throw new ArgumentException(UnknownDestination(context.Topology, context.Processor, context.Destination, sink.Destinations), nameof(context));
        }

        var source = new InfluxRecordSource(context.Partition.Topic, context.Partition.Partition.Value, -1);
        return new Writer(sink, context.Destination, source);
    }

    /// <summary>The message for a sink naming a destination the configuration does not have.</summary>
    /// <param name="topology">The topology.</param>
    /// <param name="processor">The sink processor.</param>
    /// <param name="destination">The destination it names.</param>
    /// <param name="known">The configured destinations.</param>
    /// <returns>The message.</returns>
    public static string UnknownDestination(string topology, string processor, string destination, IEnumerable<string> known) =>
        $"topology '{topology}': sink '{processor}' writes to influxdb destination '{destination}', which Sinks:InfluxDB:Destinations "
        + $"does not define (defined: {string.Join(", ", known.Order(StringComparer.Ordinal))})";

    /// <summary>One sink processor in one task.</summary>
    private sealed class Writer(InfluxSink sink, string destination, InfluxRecordSource source) : IExternalSink
    {
        public Task Write(StreamValueKind kind, in StreamRecord record) => record.Value switch
        {
            MetricPoint point => sink.Write(point, destination, point.Tenant, source),
            WindowAggregate aggregate => sink.Write(aggregate, destination, aggregate.Tenant, source),
            GenericRecord alert when kind == StreamValueKind.Alert => WriteAlert(alert),
            var other => Task.FromException(new InvalidOperationException($"influxdb sink '{destination}' cannot write a {other?.GetType().Name ?? "null"} ({kind})")),
        };

        // An alert transition becomes a point of measurement `alerts` (AlertEventRecords.ToPoint).
        private Task WriteAlert(GenericRecord alert)
        {
            var point = AlertEventRecords.ToPoint(alert);
            return sink.Write(point, destination, point.Tenant, source);
        }
    }
}
