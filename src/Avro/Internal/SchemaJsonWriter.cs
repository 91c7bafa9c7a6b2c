using System.Text.Encodings.Web;
using System.Text.Json;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Internal;

/// <summary>
/// Writes the full JSON form of a schema (docs, defaults, aliases, orders, logical types, custom
/// properties). A named type is written in full once and referenced afterwards; <c>namespace</c> is
/// written only where it differs from the enclosing one (as <c>""</c> for the null namespace inside a
/// namespaced type), so parsing the output yields the same full names.
/// </summary>
internal sealed class SchemaJsonWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    private readonly Utf8JsonWriter _json;
    private readonly HashSet<NamedSchema> _written = new(ReferenceEqualityComparer.Instance);

    private SchemaJsonWriter(Utf8JsonWriter json) => _json = json;

    public static string Write(AvroSchema schema)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            new SchemaJsonWriter(json).WriteSchema(schema, null);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private void WriteSchema(AvroSchema schema, string? ns)
    {
        switch (schema)
        {
            case PrimitiveSchema p when p.LogicalType is null && p.Properties.Count == 0:
                _json.WriteStringValue(AvroSchema.TypeName(p.Type));
                break;
            case PrimitiveSchema p:
                _json.WriteStartObject();
                _json.WriteString("type", AvroSchema.TypeName(p.Type));
                WriteLogicalType(p.LogicalType);
                WriteProperties(p.Properties);
                _json.WriteEndObject();
                break;
            case NamedSchema named when !_written.Add(named):
                _json.WriteStringValue(named.Namespace == ns ? named.Name : named.FullName);
                break;
            case NamedSchema named:
                WriteNamed(named, ns);
                break;
            case ArraySchema a:
                _json.WriteStartObject();
                _json.WriteString("type", "array");
                _json.WritePropertyName("items");
                WriteSchema(a.Items, ns);
                WriteProperties(a.Properties);
                _json.WriteEndObject();
                break;
            case MapSchema m:
                _json.WriteStartObject();
                _json.WriteString("type", "map");
                _json.WritePropertyName("values");
                WriteSchema(m.Values, ns);
                WriteProperties(m.Properties);
                _json.WriteEndObject();
                break;
            case UnionSchema u:
                _json.WriteStartArray();
                foreach (var branch in u.Branches)
                {
                    WriteSchema(branch, ns);
                }

                _json.WriteEndArray();
                break;
        }
    }

    private void WriteNamed(NamedSchema named, string? ns)
    {
        _json.WriteStartObject();
        _json.WriteString("type", named is RecordSchema { IsError: true } ? "error" : AvroSchema.TypeName(named.Type));
        _json.WriteString("name", named.Name);
        if (named.Namespace != ns)
        {
            _json.WriteString("namespace", named.Namespace ?? string.Empty);
        }

        if (named.Doc is not null)
        {
            _json.WriteString("doc", named.Doc);
        }

        if (named.Aliases.Count > 0)
        {
            WriteStrings("aliases", named.Aliases);
        }

        switch (named)
        {
            case RecordSchema r:
                _json.WriteStartArray("fields");
                foreach (var field in r.Fields)
                {
                    WriteField(field, r.Namespace);
                }

                _json.WriteEndArray();
                break;
            case EnumSchema e:
                WriteStrings("symbols", e.Symbols);
                if (e.Default is not null)
                {
                    _json.WriteString("default", e.Default);
                }

                break;
            case FixedSchema f:
                _json.WriteNumber("size", f.Size);
                WriteLogicalType(f.LogicalType);
                break;
        }

        WriteProperties(named.Properties);
        _json.WriteEndObject();
    }

    private void WriteField(RecordField field, string? ns)
    {
        _json.WriteStartObject();
        _json.WriteString("name", field.Name);
        _json.WritePropertyName("type");
        WriteSchema(field.Schema, ns);
        if (field.Doc is not null)
        {
            _json.WriteString("doc", field.Doc);
        }

        if (field.DefaultValue is { } value)
        {
            _json.WritePropertyName("default");
            value.WriteTo(_json);
        }

        if (field.Order != SortOrder.Ascending)
        {
            _json.WriteString("order", field.Order == SortOrder.Descending ? "descending" : "ignore");
        }

        if (field.Aliases.Count > 0)
        {
            WriteStrings("aliases", field.Aliases);
        }

        WriteProperties(field.Properties);
        _json.WriteEndObject();
    }

    private void WriteLogicalType(LogicalType? logicalType)
    {
        if (logicalType is null)
        {
            return;
        }

        _json.WriteString("logicalType", logicalType.Name);
        if (logicalType.Kind == LogicalTypeKind.Decimal)
        {
            _json.WriteNumber("precision", logicalType.Precision);
            _json.WriteNumber("scale", logicalType.Scale);
        }
    }

    private void WriteProperties(IReadOnlyDictionary<string, JsonElement> properties)
    {
        foreach (var (name, value) in properties)
        {
            _json.WritePropertyName(name);
            value.WriteTo(_json);
        }
    }

    private void WriteStrings(string name, IReadOnlyList<string> values)
    {
        _json.WriteStartArray(name);
        foreach (var v in values)
        {
            _json.WriteStringValue(v);
        }

        _json.WriteEndArray();
    }
}
