using System.Text.Json;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Internal;

/// <summary>The named types: records, enums and fixed, with namespaces, aliases and field parsing.</summary>
internal sealed partial class SchemaParser
{
    private RecordSchema ParseRecord(JsonElement json, string? ns, string where, bool isError)
    {
        var (name, space, doc, aliases) = ParseNameAttributes(json, ns, where, isError ? "error" : "record");
        var record = new RecordSchema(name, space, doc, aliases, isError, ExtraProperties(json, "type", "name", "namespace", "doc", "aliases", "fields"));
        Register(record, where);
        var recordWhere = $"record '{record.FullName}'";
        var fieldsJson = Required(json, "fields", recordWhere, "record");
        if (fieldsJson.ValueKind != JsonValueKind.Array)
        {
            throw new AvroSchemaException($"{recordWhere}: 'fields' must be an array, not {Kind(fieldsJson)}");
        }

        var fields = new List<RecordField>(fieldsJson.GetArrayLength());
        var fieldNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fieldJson in fieldsJson.EnumerateArray())
        {
            var field = ParseField(fieldJson, fields.Count, record, recordWhere);
            if (!fieldNames.Add(field.Name))
            {
                throw new AvroSchemaException($"{recordWhere}: duplicate field '{field.Name}'");
            }

            fields.Add(field);
        }

        record.SetFields(fields);
        return record;
    }

    private RecordField ParseField(JsonElement json, int position, RecordSchema record, string recordWhere)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new AvroSchemaException($"{recordWhere}: field {position} must be an object, not {Kind(json)}");
        }

        var name = OptionalString(json, "name", $"{recordWhere}: field {position}")
            ?? throw new AvroSchemaException($"{recordWhere}: field {position} has no 'name'");
        if (!AvroNames.IsValidName(name))
        {
            throw new AvroSchemaException($"{recordWhere}: invalid field name '{name}' (names must match [A-Za-z_][A-Za-z0-9_]*)");
        }

        var where = $"field '{name}' of record '{record.FullName}'";
        var schema = ParseSchema(Required(json, "type", where, "field"), record.Namespace, where);
        var order = OptionalString(json, "order", where) switch
        {
            null or "ascending" => SortOrder.Ascending,
            "descending" => SortOrder.Descending,
            "ignore" => SortOrder.Ignore,
            var other => throw new AvroSchemaException($"{where}: invalid order '{other}' (expected ascending, descending or ignore)"),
        };
        var aliases = StringArray(json, "aliases", where);
        foreach (var alias in aliases)
        {
            if (!AvroNames.IsValidName(alias))
            {
                throw new AvroSchemaException($"{where}: invalid alias '{alias}'");
            }
        }

        JsonElement? defaultValue = json.TryGetProperty("default", out var d) ? d.Clone() : null;
        var field = new RecordField(name, position, schema, OptionalString(json, "doc", where), defaultValue, order, aliases,
            ExtraProperties(json, "name", "type", "doc", "default", "order", "aliases") ?? AvroSchema.EmptyProperties);
        if (defaultValue.HasValue)
        {
            _defaults.Add((field, where));
        }

        return field;
    }

    private EnumSchema ParseEnum(JsonElement json, string? ns, string where)
    {
        var (name, space, doc, aliases) = ParseNameAttributes(json, ns, where, "enum");
        var enumWhere = $"enum '{AvroNames.Full(space, name)}'";
        var symbols = StringArray(Required(json, "symbols", enumWhere, "enum"), $"{enumWhere}: 'symbols'");
        var unique = new HashSet<string>(StringComparer.Ordinal);
        foreach (var symbol in symbols)
        {
            if (!AvroNames.IsValidName(symbol))
            {
                throw new AvroSchemaException($"{enumWhere}: invalid symbol '{symbol}' (symbols must match [A-Za-z_][A-Za-z0-9_]*)");
            }

            if (!unique.Add(symbol))
            {
                throw new AvroSchemaException($"{enumWhere}: duplicate symbol '{symbol}'");
            }
        }

        var defaultSymbol = OptionalString(json, "default", enumWhere);
        if (defaultSymbol is not null && !unique.Contains(defaultSymbol))
        {
            throw new AvroSchemaException($"{enumWhere}: default '{defaultSymbol}' is not one of its symbols");
        }

        var schema = new EnumSchema(name, space, doc, aliases, symbols, defaultSymbol, ExtraProperties(json, "type", "name", "namespace", "doc", "aliases", "symbols", "default"));
        Register(schema, where);
        return schema;
    }

    private FixedSchema ParseFixed(JsonElement json, string? ns, string where)
    {
        var (name, space, doc, aliases) = ParseNameAttributes(json, ns, where, "fixed");
        var fixedWhere = $"fixed '{AvroNames.Full(space, name)}'";
        var sizeJson = Required(json, "size", fixedWhere, "fixed");
        if (sizeJson.ValueKind != JsonValueKind.Number || !sizeJson.TryGetInt32(out var size) || size < 0)
        {
            throw new AvroSchemaException($"{fixedWhere}: 'size' must be a non-negative integer, not {sizeJson.GetRawText()}");
        }

        var logicalType = LogicalTypes.ForFixed(json, size);
        var reserved = logicalType is null
            ? ["type", "name", "namespace", "doc", "aliases", "size"]
            : new[] { "type", "name", "namespace", "doc", "aliases", "size", "logicalType", "precision", "scale" };
        var schema = new FixedSchema(name, space, doc, aliases, size, logicalType, ExtraProperties(json, reserved));
        Register(schema, where);
        return schema;
    }

    private static (string Name, string? Namespace, string? Doc, IReadOnlyList<string> Aliases) ParseNameAttributes(JsonElement json, string? enclosing, string where, string what)
    {
        var fullName = OptionalString(json, "name", where) ?? throw new AvroSchemaException($"{where}: {what} has no 'name'");
        var explicitNs = OptionalString(json, "namespace", where);
        var (space, name) = AvroNames.Split(fullName, explicitNs ?? enclosing);
        if (!AvroNames.IsValidName(name) || (space is not null && !AvroNames.IsValidNamespace(space)))
        {
            throw new AvroSchemaException($"{where}: invalid {what} name '{AvroNames.Full(space, name)}' (each part must match [A-Za-z_][A-Za-z0-9_]*)");
        }

        if (AvroNames.IsPrimitiveName(name))
        {
            throw new AvroSchemaException($"{where}: {what} name '{AvroNames.Full(space, name)}' redefines the primitive type '{name}'");
        }

        var aliases = new List<string>();
        foreach (var alias in StringArray(json, "aliases", where))
        {
            var (aliasNs, aliasName) = AvroNames.Split(alias, space);
            if (!AvroNames.IsValidName(aliasName) || (aliasNs is not null && !AvroNames.IsValidNamespace(aliasNs)))
            {
                throw new AvroSchemaException($"{where}: invalid alias '{alias}' of {what} '{AvroNames.Full(space, name)}'");
            }

            aliases.Add(AvroNames.Full(aliasNs, aliasName));
        }

        return (name, space, OptionalString(json, "doc", where), aliases);
    }

    private void Register(NamedSchema schema, string where)
    {
        if (!_names.TryAdd(schema.FullName, schema))
        {
            throw new AvroSchemaException($"{where}: type '{schema.FullName}' is defined more than once");
        }
    }

    private static string? OptionalString(JsonElement json, string attribute, string where)
    {
        if (!json.TryGetProperty(attribute, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new AvroSchemaException($"{where}: '{attribute}' must be a string, not {Kind(value)}");
    }

    private static List<string> StringArray(JsonElement json, string attribute, string where) =>
        json.TryGetProperty(attribute, out var value) ? StringArray(value, $"{where}: '{attribute}'") : [];

    private static List<string> StringArray(JsonElement value, string where)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new AvroSchemaException($"{where}: must be an array of strings, not {Kind(value)}");
        }

        var list = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw new AvroSchemaException($"{where}: must be an array of strings; found {Kind(item)}"));
        }

        return list;
    }
}
