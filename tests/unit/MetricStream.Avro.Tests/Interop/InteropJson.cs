using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Tests.Interop;

/// <summary>
/// Renders generic values as the JSON convention avro_interop.py uses (see its docstring), so values
/// from both implementations can be compared as JSON. Test schemas avoid unions whose branches the
/// Python side could not tell apart by runtime type (int+long, float+double, string+enum, map+record).
/// </summary>
public static class InteropJson
{
    public static JsonNode? ToJson(AvroSchema schema, object? value)
    {
        if (schema is UnionSchema union)
        {
            if (value is null)
            {
                return null;
            }

            var branch = union.Branches.First(b => Fits(b, value));
            return new JsonObject { [BranchName(branch)] = ToJson(branch, value) };
        }

        var micros = schema.LogicalType?.Kind is LogicalTypeKind.TimestampMicros or LogicalTypeKind.LocalTimestampMicros or LogicalTypeKind.TimeMicros;
        return value switch
        {
            null => null,
            AvroDecimal d => d.ToString(),
            DateTimeOffset dto => Epoch(dto.UtcTicks, micros),
            DateTime dt => Epoch(dt.Ticks, micros),
            DateOnly date => date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber,
            TimeOnly time => micros ? time.Ticks / 10 : time.Ticks / TimeSpan.TicksPerMillisecond,
            Guid g => g.ToString("D"),
            float f => Float(f),
            double d => Float(d),
            byte[] bytes => Convert.ToHexStringLower(bytes),
            GenericFixed fx => fx.ToString(),
            GenericEnum e => e.Symbol,
            GenericRecord r => new JsonObject(r.Schema.Fields.Select(f => KeyValuePair.Create(f.Name, ToJson(f.Schema, r[f.Position])))),
            IDictionary map => new JsonObject(map.Keys.Cast<string>().Select(k => KeyValuePair.Create(k, ToJson(((MapSchema)schema).Values, map[k])))),
            IList list => new JsonArray([.. list.Cast<object?>().Select(v => ToJson(((ArraySchema)schema).Items, v))]),
            bool b => b,
            int i => i,
            long l => l,
            string s => s,
            _ => throw new ArgumentException($"no JSON rendering for {value.GetType()}"),
        };
    }

    /// <summary>Structural JSON equality; numbers compare by value (integers exactly, others as doubles).</summary>
    public static bool JsonEquals(JsonNode? a, JsonNode? b)
    {
        switch (a, b)
        {
            case (null, null):
                return true;
            case (JsonObject x, JsonObject y):
                return x.Count == y.Count && x.All(p => y.ContainsKey(p.Key) && JsonEquals(p.Value, y[p.Key]));
            case (JsonArray x, JsonArray y):
                return x.Count == y.Count && x.Zip(y).All(p => JsonEquals(p.First, p.Second));
            case (JsonValue x, JsonValue y):
                var tx = x.ToJsonString();
                var ty = y.ToJsonString();
                if (tx == ty)
                {
                    return true;
                }

                if (x.GetValueKind() != System.Text.Json.JsonValueKind.Number || y.GetValueKind() != System.Text.Json.JsonValueKind.Number)
                {
                    return false;
                }

                return long.TryParse(tx, CultureInfo.InvariantCulture, out var lx) && long.TryParse(ty, CultureInfo.InvariantCulture, out var ly)
                    ? lx == ly
                    : double.Parse(tx, CultureInfo.InvariantCulture) == double.Parse(ty, CultureInfo.InvariantCulture);
            default:
                return false;
        }
    }

    private static string BranchName(AvroSchema schema) => schema is NamedSchema n ? n.FullName : schema.Type.ToString().ToLowerInvariant();

    private static bool Fits(AvroSchema schema, object value) => (schema.LogicalType?.Kind, schema.Type, value) switch
    {
        (LogicalTypeKind.Date, _, DateOnly) => true,
        (LogicalTypeKind.TimeMillis or LogicalTypeKind.TimeMicros, _, TimeOnly) => true,
        (LogicalTypeKind.TimestampMillis or LogicalTypeKind.TimestampMicros, _, DateTimeOffset) => true,
        (LogicalTypeKind.LocalTimestampMillis or LogicalTypeKind.LocalTimestampMicros, _, DateTime) => true,
        (LogicalTypeKind.Decimal, _, AvroDecimal) => true,
        (LogicalTypeKind.Uuid, _, Guid) => true,
        (null, AvroType.Boolean, bool) => true,
        (null, AvroType.Int, int) => true,
        (null, AvroType.Long, long) => true,
        (null, AvroType.Float, float) => true,
        (null, AvroType.Double, double) => true,
        (null, AvroType.Bytes, byte[]) => true,
        (null, AvroType.String, string) => true,
        (null, AvroType.Fixed, GenericFixed f) => f.Schema.FullName == ((NamedSchema)schema).FullName,
        (null, AvroType.Enum, GenericEnum e) => e.Schema.FullName == ((NamedSchema)schema).FullName,
        (null, AvroType.Record, GenericRecord r) => r.Schema.FullName == ((NamedSchema)schema).FullName,
        (null, AvroType.Array, IList) => true,
        (null, AvroType.Map, IDictionary) => true,
        _ => false,
    };

    private static long Epoch(long ticks, bool micros) =>
        (ticks - DateTime.UnixEpoch.Ticks) / (micros ? 10 : TimeSpan.TicksPerMillisecond);

    private static JsonNode Float(double d) =>
        double.IsNaN(d) ? "NaN"
        : double.IsPositiveInfinity(d) ? "Infinity"
        : double.IsNegativeInfinity(d) ? "-Infinity"
        : d == 0 && double.IsNegative(d) ? "-0"
        : JsonValue.Create(d);
}
