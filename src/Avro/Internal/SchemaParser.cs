using System.Text.Json;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Internal;

/// <summary>
/// Parses schema JSON into <see cref="AvroSchema"/> objects. One instance per parse: it holds the
/// names defined so far (a named type is usable by reference after its definition starts, so records
/// can be recursive) and the defaults to validate once every type is complete.
/// Every error names where it is, as a path like <c>field 'x' of record 'ns.R'</c>.
/// </summary>
internal sealed partial class SchemaParser
{
    private readonly Dictionary<string, NamedSchema> _names = new(StringComparer.Ordinal);
    private readonly List<(RecordField Field, string Where)> _defaults = [];

    public static AvroSchema Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 512 });
        }
        catch (JsonException e)
        {
            throw new AvroSchemaException($"schema is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var parser = new SchemaParser();
            var schema = parser.ParseSchema(document.RootElement, null, "schema");
            parser.ValidateDefaults();
            return schema;
        }
    }

    private AvroSchema ParseSchema(JsonElement json, string? ns, string where)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.String:
                return ResolveTypeName(json.GetString()!, ns, where);
            case JsonValueKind.Array:
                return ParseUnion(json, ns, where);
            case JsonValueKind.Object:
                return ParseObject(json, ns, where);
            default:
                throw new AvroSchemaException($"{where}: a schema must be a type name, an object or an array (union), not {Kind(json)}");
        }
    }

    private AvroSchema ResolveTypeName(string name, string? ns, string where)
    {
        if (PrimitiveType(name) is { } primitive)
        {
            return PrimitiveSchema.Of(primitive);
        }

        if (name.Contains('.', StringComparison.Ordinal))
        {
            if (_names.TryGetValue(name, out var full))
            {
                return full;
            }
        }
        else if ((ns is not null && _names.TryGetValue(ns + "." + name, out var inNamespace)) || _names.TryGetValue(name, out inNamespace))
        {
            // An unqualified reference means the enclosing namespace first, then the null namespace.
            return inNamespace;
        }

        throw new AvroSchemaException($"{where}: unknown type '{name}'");
    }

    private AvroSchema ParseObject(JsonElement json, string? ns, string where)
    {
        if (!json.TryGetProperty("type", out var typeJson))
        {
            throw new AvroSchemaException($"{where}: schema object has no 'type' attribute");
        }

        if (typeJson.ValueKind != JsonValueKind.String)
        {
            throw new AvroSchemaException($"{where}: 'type' must be a string naming a type, not {Kind(typeJson)}");
        }

        var type = typeJson.GetString()!;
        if (PrimitiveType(type) is { } primitive)
        {
            return LogicalTypes.ParsePrimitive(primitive, json);
        }

        return type switch
        {
            "record" or "error" => ParseRecord(json, ns, where, type == "error"),
            "enum" => ParseEnum(json, ns, where),
            "fixed" => ParseFixed(json, ns, where),
            "array" => new ArraySchema(ParseSchema(Required(json, "items", where, "array"), ns, where + " > array items"), ExtraProperties(json, "type", "items")),
            "map" => new MapSchema(ParseSchema(Required(json, "values", where, "map"), ns, where + " > map values"), ExtraProperties(json, "type", "values")),
            _ => ResolveTypeName(type, ns, where),
        };
    }

    private UnionSchema ParseUnion(JsonElement json, string? ns, string where)
    {
        var branches = new List<AvroSchema>(json.GetArrayLength());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in json.EnumerateArray())
        {
            var branchWhere = $"{where} > union branch {branches.Count}";
            var branch = ParseSchema(item, ns, branchWhere);
            if (branch.Type == AvroType.Union)
            {
                throw new AvroSchemaException($"{where}: a union may not immediately contain another union (branch {branches.Count})");
            }

            var key = branch is NamedSchema named ? named.FullName : AvroSchema.TypeName(branch.Type);
            if (!seen.Add(key))
            {
                throw new AvroSchemaException($"{where}: union has more than one branch of type '{key}' (branch {branches.Count})");
            }

            branches.Add(branch);
        }

        return new UnionSchema(branches);
    }

    private void ValidateDefaults()
    {
        foreach (var (field, where) in _defaults)
        {
            if (DefaultValidator.Problem(field.Schema, field.DefaultValue!.Value) is { } problem)
            {
                throw new AvroSchemaException($"{where}: invalid default value {field.DefaultValue.Value.GetRawText()}: {problem}");
            }
        }
    }

    internal static AvroType? PrimitiveType(string name) => name switch
    {
        "null" => AvroType.Null,
        "boolean" => AvroType.Boolean,
        "int" => AvroType.Int,
        "long" => AvroType.Long,
        "float" => AvroType.Float,
        "double" => AvroType.Double,
        "bytes" => AvroType.Bytes,
        "string" => AvroType.String,
        _ => null,
    };

    private static JsonElement Required(JsonElement json, string attribute, string where, string what) =>
        json.TryGetProperty(attribute, out var value)
            ? value
            : throw new AvroSchemaException($"{where}: {what} schema has no '{attribute}' attribute");

    internal static string Kind(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>The attributes of <paramref name="json"/> other than <paramref name="reserved"/>, cloned so they outlive the document.</summary>
    internal static Dictionary<string, JsonElement>? ExtraProperties(JsonElement json, params ReadOnlySpan<string> reserved)
    {
        Dictionary<string, JsonElement>? extra = null;
        foreach (var property in json.EnumerateObject())
        {
            if (!reserved.Contains(property.Name))
            {
                extra ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                extra[property.Name] = property.Value.Clone();
            }
        }

        return extra;
    }
}
