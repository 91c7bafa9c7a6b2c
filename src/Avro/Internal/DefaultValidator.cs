using System.Text.Json;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Internal;

/// <summary>
/// Checks a field default against its schema using the JSON encoding of the specification's default
/// table: bytes and fixed as strings of code points 0-255, unions as a value of their first branch.
/// </summary>
internal static class DefaultValidator
{
    /// <summary>Returns why <paramref name="value"/> is not a valid default for <paramref name="schema"/>, or null when it is.</summary>
    public static string? Problem(AvroSchema schema, JsonElement value) => schema switch
    {
        UnionSchema u => u.Branches.Count == 0
            ? "an empty union has no values"
            : Problem(u.Branches[0], value) is { } p ? $"{p} (a union's default must be a value of its first branch, {u.Branches[0].Describe()})" : null,
        RecordSchema r => RecordProblem(r, value),
        EnumSchema e => value.ValueKind == JsonValueKind.String && e.IndexOf(value.GetString()!) >= 0 ? null : $"expected a symbol of {e.Describe()}",
        FixedSchema f => value.ValueKind == JsonValueKind.String && IsBytes(value.GetString()!) && value.GetString()!.Length == f.Size
            ? null
            : $"expected a string of {f.Size} code points 0-255 for {f.Describe()}",
        ArraySchema a => value.ValueKind == JsonValueKind.Array ? ItemsProblem(a.Items, value.EnumerateArray()) : "expected a JSON array",
        MapSchema m => value.ValueKind == JsonValueKind.Object ? MapProblem(m.Values, value) : "expected a JSON object",
        _ => PrimitiveProblem(schema.Type, value),
    };

    private static string? PrimitiveProblem(AvroType type, JsonElement value)
    {
        var ok = type switch
        {
            AvroType.Null => value.ValueKind == JsonValueKind.Null,
            AvroType.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            AvroType.Int => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _),
            AvroType.Long => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            AvroType.Float or AvroType.Double => value.ValueKind == JsonValueKind.Number,
            AvroType.String => value.ValueKind == JsonValueKind.String,
            AvroType.Bytes => value.ValueKind == JsonValueKind.String && IsBytes(value.GetString()!),
            _ => false,
        };
        return ok ? null : $"expected {Expected(type)}";
    }

    private static string Expected(AvroType type) => type switch
    {
        AvroType.Null => "null",
        AvroType.Boolean => "true or false",
        AvroType.Int => "an integer in the int range",
        AvroType.Long => "an integer in the long range",
        AvroType.Float or AvroType.Double => "a number",
        AvroType.String => "a string",
        _ => "a string of code points 0-255",
    };

    private static string? RecordProblem(RecordSchema record, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return $"expected a JSON object for {record.Describe()}";
        }

        foreach (var field in record.Fields)
        {
            if (value.TryGetProperty(field.Name, out var fieldValue))
            {
                if (Problem(field.Schema, fieldValue) is { } p)
                {
                    return $"field '{field.Name}': {p}";
                }
            }
            else if (!field.HasDefault)
            {
                return $"field '{field.Name}' is missing and has no default";
            }
        }

        return null;
    }

    private static string? ItemsProblem(AvroSchema items, JsonElement.ArrayEnumerator values)
    {
        var i = 0;
        foreach (var item in values)
        {
            if (Problem(items, item) is { } p)
            {
                return $"item {i}: {p}";
            }

            i++;
        }

        return null;
    }

    private static string? MapProblem(AvroSchema values, JsonElement map)
    {
        foreach (var entry in map.EnumerateObject())
        {
            if (Problem(values, entry.Value) is { } p)
            {
                return $"key '{entry.Name}': {p}";
            }
        }

        return null;
    }

    private static bool IsBytes(string s)
    {
        foreach (var c in s)
        {
            if (c > 0xFF)
            {
                return false;
            }
        }

        return true;
    }
}
