using System.Numerics;
using System.Text.Json;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Internal;

/// <summary>
/// Recognises <c>logicalType</c> annotations. Per the specification an annotation that is unknown or
/// invalid for its underlying type (wrong base type, bad precision or scale) is ignored: the schema is
/// its underlying type and the attributes stay in <see cref="AvroSchema.Properties"/>.
/// </summary>
internal static class LogicalTypes
{
    public static PrimitiveSchema ParsePrimitive(AvroType type, JsonElement json)
    {
        var logical = ForPrimitive(type, json);
        var properties = logical is null
            ? SchemaParser.ExtraProperties(json, "type")
            : SchemaParser.ExtraProperties(json, "type", "logicalType", "precision", "scale");
        return logical is null && properties is null ? PrimitiveSchema.Of(type) : new PrimitiveSchema(type, logical, properties);
    }

    public static LogicalType? ForFixed(JsonElement json, int size)
    {
        if (Name(json) != "decimal" || size == 0)
        {
            return null;
        }

        // The largest precision whose values always fit: floor(log10(2^(8*size-1) - 1)).
        var maxPrecision = size <= 4096
            ? (BigInteger.Pow(2, (8 * size) - 1) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture).Length - 1
            : (int)Math.Floor(((8.0 * size) - 1) * Math.Log10(2));
        return Decimal(json, maxPrecision);
    }

    private static LogicalType? ForPrimitive(AvroType type, JsonElement json) => (Name(json), type) switch
    {
        ("decimal", AvroType.Bytes) => Decimal(json, int.MaxValue),
        ("uuid", AvroType.String) => LogicalType.Uuid,
        ("date", AvroType.Int) => LogicalType.Date,
        ("time-millis", AvroType.Int) => LogicalType.TimeMillis,
        ("time-micros", AvroType.Long) => LogicalType.TimeMicros,
        ("timestamp-millis", AvroType.Long) => LogicalType.TimestampMillis,
        ("timestamp-micros", AvroType.Long) => LogicalType.TimestampMicros,
        ("local-timestamp-millis", AvroType.Long) => LogicalType.LocalTimestampMillis,
        ("local-timestamp-micros", AvroType.Long) => LogicalType.LocalTimestampMicros,
        _ => null,
    };

    private static string? Name(JsonElement json) =>
        json.TryGetProperty("logicalType", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;

    private static LogicalType? Decimal(JsonElement json, int maxPrecision)
    {
        if (!json.TryGetProperty("precision", out var p) || p.ValueKind != JsonValueKind.Number || !p.TryGetInt32(out var precision))
        {
            return null;
        }

        var scale = 0;
        if (json.TryGetProperty("scale", out var s) && (s.ValueKind != JsonValueKind.Number || !s.TryGetInt32(out scale)))
        {
            return null;
        }

        return precision < 1 || precision > maxPrecision || scale < 0 || scale > precision ? null : LogicalType.Decimal(precision, scale);
    }
}
