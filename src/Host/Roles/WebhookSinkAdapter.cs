using MetricStream.Avro.Generic;
using MetricStream.Processing.Alerts;
using MetricStream.Processing.Execution;
using MetricStream.Processing.Outputs;
using MetricStream.Processing.Topology;
using MetricStream.Sinks.Webhook;

namespace MetricStream.Host.Roles;

/// <summary>
/// The engine's <c>webhook</c> external sink provider: a topology's <c>webhook: &lt;name&gt;</c> sink, fed by an alert
/// processor, hands each alert transition to the <see cref="WebhookNotifier"/> of that name (JSON POST, retries with
/// backoff, circuit breaker, dead letters). The write's task completes when the receiver answered 2xx or the
/// notification was dead-lettered, so the engine commits the input only then (at-least-once: a notification may
/// be sent twice after a crash; its <c>eventId</c> is stable). Transitions the webhook does not want
/// (<see cref="WebhookTargetSettings.States"/>) complete at once.
/// </summary>
internal sealed class WebhookSinkAdapter(IReadOnlyDictionary<string, (WebhookNotifier Notifier, HashSet<string> States)> webhooks) : IExternalSinkProvider
{
    /// <inheritdoc />
    public IExternalSink Open(ExternalSinkContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!webhooks.TryGetValue(context.Destination, out var webhook))
        {
            throw new ArgumentException(WebhookRole.UnknownWebhook(context.Topology, context.Processor, context.Destination, webhooks.Keys), nameof(context));
        }

        return new Writer(context.Destination, webhook.Notifier, webhook.States);
    }

    /// <summary>The notification for an <c>alert-event.avsc</c> record keyed by <paramref name="series"/>.</summary>
    /// <param name="alert">The record.</param>
    /// <param name="series">The series key (the record key).</param>
    /// <returns>The notification.</returns>
    public static WebhookNotification Notification(GenericRecord alert, string series)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return new WebhookNotification(
            (string)alert["ruleId"]!,
            AlertEventRecords.StateOf(alert).ToString().ToLowerInvariant(),
            series,
            (string)alert["tenant"]!,
            alert["value"] as double?,
            (DateTimeOffset)alert["timestamp"]!)
        {
            Labels = Strings(alert["labels"]),
            Annotations = Strings(alert["annotations"]),
        };
    }

    private static Dictionary<string, string> Strings(object? map) =>
        (map as Dictionary<string, object?>)?.ToDictionary(p => p.Key, p => p.Value as string ?? string.Empty, StringComparer.Ordinal) ?? [];

    /// <summary>One webhook sink processor in one task.</summary>
    private sealed class Writer(string name, WebhookNotifier notifier, HashSet<string> states) : IExternalSink
    {
        public Task Write(StreamValueKind kind, in StreamRecord record)
        {
            if (kind != StreamValueKind.Alert || record.Value is not GenericRecord alert)
            {
                return Task.FromException(new InvalidOperationException($"webhook '{name}' only sends alert transitions (a sink fed by an alert processor), not {kind}"));
            }

            var notification = Notification(alert, record.Key);
            return states.Contains(notification.State) ? notifier.NotifyAsync(notification) : Task.CompletedTask;
        }
    }
}
