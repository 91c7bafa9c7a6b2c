using MetricStream.Sinks.InfluxDB;

namespace MetricStream.Sinks.DeadLetters;

/// <summary>
/// A line InfluxDB rejected (or a record that could not be written as line protocol), or another sink's
/// payload it could not deliver (the webhook notifier's JSON, with <c>ContentType</c> set).
/// </summary>
/// <param name="Reason">InfluxDB's error message, or why the record could not be formatted.</param>
/// <param name="ErrorType"><c>sink-rejected</c> (InfluxDB answered 400/413), <c>sink-unwritable</c>, or the webhook notifier's <c>webhook-rejected</c> / <c>webhook-exhausted</c>.</param>
/// <param name="Stage">Names the sink: <c>influxdb:&lt;destination&gt;@&lt;target&gt;</c> or <c>webhook:&lt;name&gt;</c>.</param>
/// <param name="Tenant">The record's tenant.</param>
/// <param name="Line">The line protocol line (UTF-8, no line feed), or empty when it could not be formatted.</param>
/// <param name="Source">Where the record came from.</param>
/// <param name="ContentType">The payload's media type; null means line protocol (<c>text/x-influx-line-protocol</c>).</param>
public sealed record InfluxDeadLetter(string Reason, string ErrorType, string Stage, string Tenant, ReadOnlyMemory<byte> Line, InfluxRecordSource Source, string? ContentType = null);

/// <summary>Where the sink sends what InfluxDB rejects. Thread-safe.</summary>
public interface IInfluxDeadLetterPublisher
{
    /// <summary>Publishes <paramref name="letter"/>; completes when it is durable.</summary>
    Task PublishAsync(InfluxDeadLetter letter, CancellationToken cancellationToken);
}
