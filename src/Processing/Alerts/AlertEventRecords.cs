using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Records;
using MetricStream.Avro.Schemas;
using MetricStream.Processing.Alerts.Internal;

namespace MetricStream.Processing.Alerts;

/// <summary>
/// Converts <see cref="AlertEvent"/>s into <c>alert-event.avsc</c> records (<c>metricstream.AlertEvent</c>,
/// value of the <c>alerts</c> topic) and encodes them. An alert processor's output records carry such a
/// <see cref="GenericRecord"/> as their value (value kind <c>Alert</c>).
/// </summary>
public static class AlertEventRecords
{
    private static readonly GenericDatumWriter Writer = new(ProductSchemas.AlertEvent);
    private static readonly GenericDatumReader Reader = new(ProductSchemas.AlertEvent);
    private static readonly RecordSchema SeriesSchema = (RecordSchema)ProductSchemas.AlertEvent.Fields.First(f => f.Name == "series").Schema;
    private static readonly EnumSchema StateSchema = (EnumSchema)ProductSchemas.AlertEvent.Fields.First(f => f.Name == "state").Schema;

    /// <summary>
    /// The record of a transition. <c>eventId</c> is derived from the rule, series, state and event time, so
    /// a transition delivered twice (at-least-once) has the same id; <c>previousState</c> is the state the
    /// lifecycle leaves (firing comes from pending when the rule has a pending phase: a sequence, or a
    /// window condition with a <c>for</c>); <c>labels</c> are the series tags overlaid with the rule's
    /// rendered labels; <c>value</c> is null for absence; <c>activeSince</c> is set on pending events.
    /// </summary>
    /// <param name="alert">The transition.</param>
    /// <param name="rule">The rule that produced it, or null when it is no longer known.</param>
    /// <returns>The record.</returns>
    public static GenericRecord ToRecord(AlertEvent alert, AlertRule? rule)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var (measurement, tags) = SeriesKeyParts.Parse(alert.SeriesKey);
        var labels = new Dictionary<string, object?>(tags, StringComparer.Ordinal);
        foreach (var (key, value) in alert.Labels)
        {
            labels[key] = value;
        }

        var absence = rule?.Condition is AbsenceCondition;
        return new GenericRecord(ProductSchemas.AlertEvent)
        {
            ["eventId"] = EventId(alert),
            ["tenant"] = alert.Tenant,
            ["ruleId"] = alert.RuleId,
            ["ruleVersion"] = 0L,
            ["series"] = new GenericRecord(SeriesSchema)
            {
                ["measurement"] = measurement,
                ["field"] = absence ? null : rule?.Select.Field,
                ["tags"] = tags,
            },
            ["state"] = State(alert.State),
            ["previousState"] = State(Previous(alert.State, rule)),
            ["value"] = absence || double.IsNaN(alert.Value) ? null : alert.Value,
            ["threshold"] = Threshold(rule),
            ["labels"] = labels,
            ["annotations"] = alert.Annotations.ToDictionary(a => a.Key, a => (object?)a.Value, StringComparer.Ordinal),
            ["activeSince"] = alert.State == AlertState.Pending ? alert.EventTime : null,
            ["timestamp"] = alert.EventTime,
        };
    }

    /// <summary>Encodes a record of <see cref="ToRecord"/> as Avro binary (without a wire-format header).</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="record">The record.</param>
    public static void Write(IBufferWriter<byte> output, GenericRecord record) => Writer.Write(output, record);

    /// <summary>Decodes Avro binary written by <see cref="Write"/>.</summary>
    /// <param name="data">The encoded value.</param>
    /// <returns>The record.</returns>
    public static GenericRecord Read(ReadOnlySpan<byte> data) => (GenericRecord)Reader.Read(data)!;

    /// <summary>The state of a decoded record, e.g. <see cref="AlertState.Firing"/>.</summary>
    /// <param name="record">A record of <c>alert-event.avsc</c>.</param>
    /// <returns>Its <c>state</c>.</returns>
    public static AlertState StateOf(GenericRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Enum.Parse<AlertState>(((GenericEnum)record["state"]!).Symbol, ignoreCase: true);
    }

    /// <summary>
    /// The point an external sink such as InfluxDB writes for an alert record: measurement <c>alerts</c>, the
    /// series tags plus <c>rule</c>, <c>alert_state</c> and <c>series_measurement</c>; fields <c>state</c>
    /// (lower case), <c>previous_state</c>, and <c>value</c> and <c>threshold</c> when present; the transition's time.
    /// </summary>
    /// <param name="record">A record of <see cref="ToRecord"/>.</param>
    /// <returns>A new point.</returns>
    public static MetricPoint ToPoint(GenericRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var series = (GenericRecord)record["series"]!;
        var state = ((GenericEnum)record["state"]!).Symbol.ToLowerInvariant();
        var point = new MetricPoint { Tenant = (string)record["tenant"]!, Measurement = "alerts", Timestamp = (DateTimeOffset)record["timestamp"]! };
        foreach (var (key, tag) in ((Dictionary<string, object?>)series["tags"]!).OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            point.AddTag(key, (string)tag!);
        }

        point.AddTag("rule", (string)record["ruleId"]!).AddTag("alert_state", state).AddTag("series_measurement", (string)series["measurement"]!);
        point.AddField("state", state).AddField("previous_state", ((GenericEnum)record["previousState"]!).Symbol.ToLowerInvariant());
        if (record["value"] is double value)
        {
            point.AddField("value", value);
        }

        if (record["threshold"] is double threshold)
        {
            point.AddField("threshold", threshold);
        }

        return point;
    }

    private static GenericEnum State(AlertState state) => new(StateSchema, state.ToString().ToUpperInvariant());

    private static AlertState Previous(AlertState state, AlertRule? rule) => state switch
    {
        AlertState.Pending => AlertState.Inactive,
        AlertState.Inactive => AlertState.Pending,
        AlertState.Resolved => AlertState.Firing,
        _ => rule?.Condition is SequenceCondition || rule?.Condition is WindowCondition { For.Ticks: > 0 } ? AlertState.Pending : AlertState.Inactive,
    };

    private static double? Threshold(AlertRule? rule) => rule?.Condition switch
    {
        ThresholdCondition t => t.Value,
        NOfMCondition n => n.Value,
        RateOfChangeCondition r => r.ValuePerSecond,
        _ => null,
    };

    private static Guid EventId(AlertEvent alert)
    {
        var text = $"{alert.RuleId}\n{alert.SeriesKey}\n{alert.State}\n{alert.EventTime.UtcTicks}";
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
