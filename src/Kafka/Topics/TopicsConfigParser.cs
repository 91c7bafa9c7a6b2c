using System.Text.Json;

namespace MetricStream.Kafka.Topics;

/// <summary>
/// Reads a topics file:
/// <code>
/// { "topics": [ { "name": "metrics.points", "partitions": 6, "replicationFactor": 3,
///                 "cleanupPolicy": "delete", "configs": { "retention.ms": "2592000000" } } ] }
/// </code>
/// <c>name</c> and <c>partitions</c> are required; <c>replicationFactor</c> defaults to 3,
/// <c>cleanupPolicy</c> to <c>delete</c> (also <c>compact</c>, <c>compact,delete</c>). Unknown fields,
/// duplicate names and out-of-range values are errors that name the file, the entry and the field.
/// </summary>
public static class TopicsConfigParser
{
    private static readonly string[] KnownFields = ["name", "partitions", "replicationFactor", "cleanupPolicy", "configs"];

    /// <summary>Reads and parses the file at <paramref name="path"/>.</summary>
    public static IReadOnlyList<TopicSpec> ParseFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw new TopicsConfigException($"{path}: cannot read topics file: {ex.Message}", ex);
        }

        return Parse(text, path);
    }

    /// <summary>Parses topics JSON; <paramref name="source"/> names it in errors.</summary>
    public static IReadOnlyList<TopicSpec> Parse(string json, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new TopicsConfigException($"{source}: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !TryGetProperty(doc.RootElement, "topics", out var topics)
                || topics.ValueKind != JsonValueKind.Array)
            {
                throw new TopicsConfigException($"{source}: expected an object with a \"topics\" array");
            }

            var result = new List<TopicSpec>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var entry in topics.EnumerateArray())
            {
                var where = $"{source}: topics[{index}]";
                var spec = ParseEntry(entry, where);
                if (!seen.Add(spec.Name))
                {
                    throw new TopicsConfigException($"{where}: topic '{spec.Name}' is listed twice; keep one entry");
                }

                result.Add(spec);
                index++;
            }

            return result;
        }
    }

    private static TopicSpec ParseEntry(JsonElement entry, string where)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new TopicsConfigException($"{where}: expected an object");
        }

        foreach (var property in entry.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
            {
                throw new TopicsConfigException(
                    $"{where}.{property.Name}: unknown field; expected one of {string.Join(", ", KnownFields)}");
            }
        }

        var name = TryGetProperty(entry, "name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new TopicsConfigException($"{where}.name: required, a non-empty string");
        }

        where = $"{where} ('{name}')";
        ValidateTopicName(name, where);
        var partitions = ReadInt(entry, "partitions", where, required: true, fallback: 0, min: 1, max: 10_000);
        var replication = ReadInt(entry, "replicationFactor", where, required: false, fallback: 3, min: 1, max: short.MaxValue);
        var policy = ReadPolicy(entry, where);
        var configs = ReadConfigs(entry, where);
        return new TopicSpec(name, partitions, (short)replication, policy, configs);
    }

    private static void ValidateTopicName(string name, string where)
    {
        // Kafka's rule: 1..249 characters of [a-zA-Z0-9._-], not "." or "..".
        var valid = name.Length <= 249 && name is not "." and not ".."
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
        if (!valid)
        {
            throw new TopicsConfigException(
                $"{where}.name: '{name}' is not a valid Kafka topic name (1-249 characters of a-z A-Z 0-9 . _ -)");
        }
    }

    private static int ReadInt(JsonElement entry, string field, string where, bool required, int fallback, int min, int max)
    {
        if (!TryGetProperty(entry, field, out var value))
        {
            return required ? throw new TopicsConfigException($"{where}.{field}: required, a whole number from {min} to {max}") : fallback;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < min || number > max)
        {
            throw new TopicsConfigException($"{where}.{field}: '{value.GetRawText()}' must be a whole number from {min} to {max}");
        }

        return number;
    }

    private static CleanupPolicy ReadPolicy(JsonElement entry, string where)
    {
        if (!TryGetProperty(entry, "cleanupPolicy", out var value))
        {
            return CleanupPolicy.Delete;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString()?.Replace(" ", string.Empty, StringComparison.Ordinal) : null;
        return text?.ToUpperInvariant() switch
        {
            "DELETE" => CleanupPolicy.Delete,
            "COMPACT" => CleanupPolicy.Compact,
            "COMPACT,DELETE" or "DELETE,COMPACT" => CleanupPolicy.CompactDelete,
            _ => throw new TopicsConfigException(
                $"{where}.cleanupPolicy: '{value.GetRawText()}' is not a cleanup policy; use \"delete\", \"compact\" or \"compact,delete\""),
        };
    }

    private static Dictionary<string, string> ReadConfigs(JsonElement entry, string where)
    {
        var configs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!TryGetProperty(entry, "configs", out var value))
        {
            return configs;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new TopicsConfigException($"{where}.configs: expected an object of \"key\": \"value\" pairs");
        }

        foreach (var config in value.EnumerateObject())
        {
            if (config.Name == "cleanup.policy")
            {
                throw new TopicsConfigException($"{where}.configs.cleanup.policy: set it with the cleanupPolicy field instead");
            }

            configs[config.Name] = config.Value.ValueKind switch
            {
                JsonValueKind.String => config.Value.GetString()!,
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => config.Value.GetRawText(),
                _ => throw new TopicsConfigException($"{where}.configs.{config.Name}: expected a string, number or boolean"),
            };
        }

        return configs;
    }

    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
