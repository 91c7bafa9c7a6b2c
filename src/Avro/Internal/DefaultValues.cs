using System.Text.Json;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Internal;

/// <summary>
/// Turns a (validated) JSON field default into a fresh generic value of its schema, with logical types
/// converted like decoded data. A fresh object each call, so records never share mutable defaults.
/// </summary>
internal static class DefaultValues
{
    public static object? ToGeneric(AvroSchema schema, JsonElement json)
    {
        switch (schema)
        {
            case UnionSchema u:
                return ToGeneric(u.Branches[0], json);
            case RecordSchema r:
                var record = new GenericRecord(r);
                foreach (var field in r.Fields)
                {
                    record[field.Position] = json.TryGetProperty(field.Name, out var v)
                        ? ToGeneric(field.Schema, v)
                        : ToGeneric(field.Schema, field.DefaultValue!.Value);
                }

                return record;
            case EnumSchema e:
                return new GenericEnum(e, json.GetString()!);
            case FixedSchema f:
                var fixedBytes = Latin1(json.GetString()!);
                return f.LogicalType is { Kind: LogicalTypeKind.Decimal } fl
                    ? LogicalConversions.DecimalFromBytes(fixedBytes, fl.Scale)
                    : new GenericFixed(f, fixedBytes);
            case ArraySchema a:
                return json.EnumerateArray().Select(item => ToGeneric(a.Items, item)).ToList();
            case MapSchema m:
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var entry in json.EnumerateObject())
                {
                    map[entry.Name] = ToGeneric(m.Values, entry.Value);
                }

                return map;
            default:
                return Primitive(schema, json);
        }
    }

    private static object? Primitive(AvroSchema schema, JsonElement json)
    {
        var logical = schema.LogicalType?.Kind;
        return schema.Type switch
        {
            AvroType.Null => null,
            AvroType.Boolean => json.GetBoolean(),
            AvroType.Int => logical switch
            {
                LogicalTypeKind.Date => LogicalConversions.ToDate(json.GetInt32()),
                LogicalTypeKind.TimeMillis => LogicalConversions.ToTime(json.GetInt32(), micros: false),
                _ => json.GetInt32(),
            },
            AvroType.Long => logical switch
            {
                LogicalTypeKind.TimestampMillis => LogicalConversions.ToDateTimeOffset(json.GetInt64(), micros: false),
                LogicalTypeKind.TimestampMicros => LogicalConversions.ToDateTimeOffset(json.GetInt64(), micros: true),
                LogicalTypeKind.LocalTimestampMillis => LogicalConversions.ToLocalDateTime(json.GetInt64(), micros: false),
                LogicalTypeKind.LocalTimestampMicros => LogicalConversions.ToLocalDateTime(json.GetInt64(), micros: true),
                LogicalTypeKind.TimeMicros => LogicalConversions.ToTime(json.GetInt64(), micros: true),
                _ => json.GetInt64(),
            },
            AvroType.Float => (float)json.GetDouble(),
            AvroType.Double => json.GetDouble(),
            AvroType.Bytes => logical == LogicalTypeKind.Decimal
                ? LogicalConversions.DecimalFromBytes(Latin1(json.GetString()!), schema.LogicalType!.Scale)
                : Latin1(json.GetString()!),
            _ => logical == LogicalTypeKind.Uuid ? LogicalConversions.ToGuid(json.GetString()!) : json.GetString(),
        };
    }

    /// <summary>Bytes defaults are strings whose code points 0-255 are the byte values.</summary>
    private static byte[] Latin1(string s)
    {
        var bytes = new byte[s.Length];
        for (var i = 0; i < s.Length; i++)
        {
            bytes[i] = (byte)s[i];
        }

        return bytes;
    }
}
