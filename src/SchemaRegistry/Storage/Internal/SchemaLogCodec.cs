using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using MetricStream.SchemaRegistry.Compatibility;

namespace MetricStream.SchemaRegistry.Storage.Internal;

/// <summary>
/// Encodes <see cref="SchemaLogRecord"/>s as Kafka key/value pairs in the JSON of Confluent's own registry,
/// so the topic reads the same to anyone who knows that format:
/// <code>
/// key {"keytype":"SCHEMA","subject":"s","version":1,"magic":1}  value {"subject":"s","version":1,"id":7,"schema":"...","deleted":false}
/// key {"keytype":"CONFIG","subject":null,"magic":0}              value {"compatibilityLevel":"BACKWARD"}
/// key {"keytype":"NOOP","magic":0}                               value null (startup marker)
/// </code>
/// The key holds exactly what identifies the entry (compaction keeps the last value per key), written with
/// a fixed property order so equal keys are equal bytes. A null value is a tombstone. Key types that do not
/// change the state (NOOP, and Confluent's MODE, ...) decode to null and are skipped.
/// </summary>
internal static class SchemaLogCodec
{
    private const string SchemaKeyType = "SCHEMA";
    private const string ConfigKeyType = "CONFIG";
    private const string DeleteSubjectKeyType = "DELETE_SUBJECT";
    private const string NoopKeyType = "NOOP";

    // Schemas are JSON inside a JSON string: escape only what JSON requires, so the topic stays readable.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Encodes a record we write (schema versions and configs).</summary>
    public static (byte[] Key, byte[]? Value) Encode(SchemaLogRecord record) => record switch
    {
        SchemaVersionRecord v => (
            Json(w =>
            {
                w.WriteString("keytype", SchemaKeyType);
                w.WriteString("subject", v.Subject);
                w.WriteNumber("version", v.Version);
                w.WriteNumber("magic", 1);
            }),
            Json(w =>
            {
                w.WriteString("subject", v.Subject);
                w.WriteNumber("version", v.Version);
                w.WriteNumber("id", v.Id);
                w.WriteString("schema", v.Schema);
                w.WriteBoolean("deleted", v.Deleted);
            })),
        ConfigRecord c => (
            Json(w =>
            {
                w.WriteString("keytype", ConfigKeyType);
                if (c.Subject is null)
                {
                    w.WriteNull("subject");
                }
                else
                {
                    w.WriteString("subject", c.Subject);
                }

                w.WriteNumber("magic", 0);
            }),
            c.Level is { } level ? Json(w => w.WriteString("compatibilityLevel", CompatibilityLevels.ToName(level))) : null),
        NoopRecord => (
            Json(w =>
            {
                w.WriteString("keytype", NoopKeyType);
                w.WriteNumber("magic", 0);
            }),
            null),
        _ => throw new ArgumentException($"{record.GetType().Name} is read from the log, never written", nameof(record)),
    };

    /// <summary>Decodes one Kafka record; null for key types the registry does not use.</summary>
    /// <exception cref="InvalidDataException">The key or value is not the expected JSON.</exception>
    public static SchemaLogRecord? Decode(ReadOnlySpan<byte> key, byte[]? value)
    {
        try
        {
            using var keyDoc = JsonDocument.Parse(key.ToArray());
            var k = keyDoc.RootElement;
            var keyType = k.GetProperty("keytype").GetString();
            switch (keyType)
            {
                case SchemaKeyType:
                    return DecodeSchema(k, value);
                case ConfigKeyType:
                    return DecodeConfig(k, value);
                case DeleteSubjectKeyType when value is not null:
                    using (var doc = JsonDocument.Parse(value))
                    {
                        return new SubjectDeletedRecord(
                            RequiredString(k, "subject"),
                            doc.RootElement.GetProperty("version").GetInt32());
                    }

                default:
                    return null;
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"Not a schema registry log record: {ex.Message}", ex);
        }
    }

    private static SchemaLogRecord DecodeSchema(JsonElement key, byte[]? value)
    {
        var subject = RequiredString(key, "subject");
        var version = key.GetProperty("version").GetInt32();
        if (value is null)
        {
            return new SchemaVersionTombstone(subject, version);
        }

        using var doc = JsonDocument.Parse(value);
        var v = doc.RootElement;
        if (v.TryGetProperty("schemaType", out var type) && type.GetString() is { } t && !t.Equals("AVRO", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"schema type '{t}' of {subject} version {version} is not supported (AVRO only)");
        }

        var deleted = v.TryGetProperty("deleted", out var d) && d.ValueKind == JsonValueKind.True;
        return new SchemaVersionRecord(subject, version, v.GetProperty("id").GetInt32(), RequiredString(v, "schema"), deleted);
    }

    private static ConfigRecord DecodeConfig(JsonElement key, byte[]? value)
    {
        var subject = key.TryGetProperty("subject", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        if (value is null)
        {
            return new ConfigRecord(subject, null);
        }

        using var doc = JsonDocument.Parse(value);
        var text = RequiredString(doc.RootElement, "compatibilityLevel");
        return new ConfigRecord(subject, CompatibilityLevels.Parse(text));
    }

    private static string RequiredString(JsonElement element, string name) =>
        element.GetProperty(name).GetString() ?? throw new FormatException($"'{name}' is null");

    private static byte[] Json(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
