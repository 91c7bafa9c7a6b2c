using System.Text.Json;

namespace MetricStream.Sinks.Webhook.Internal;

/// <summary>
/// The request body: <c>{"ruleId","state","series","tenant","value","eventTime","labels":{},"annotations":{}}</c>,
/// <c>value</c> a JSON number or null, <c>eventTime</c> ISO 8601 in UTC.
/// </summary>
internal static class WebhookJson
{
    public static byte[] Serialize(WebhookNotification notification)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("ruleId", notification.RuleId);
            writer.WriteString("state", notification.State);
            writer.WriteString("series", notification.Series);
            writer.WriteString("tenant", notification.Tenant);
            if (notification.Value is { } value && double.IsFinite(value))
            {
                writer.WriteNumber("value", value);
            }
            else
            {
                writer.WriteNull("value");
            }

            writer.WriteString("eventTime", notification.EventTime.ToUniversalTime());
            WriteMap(writer, "labels", notification.Labels);
            WriteMap(writer, "annotations", notification.Annotations);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void WriteMap(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, string> map)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }
}
