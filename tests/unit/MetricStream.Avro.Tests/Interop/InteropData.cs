using System.Numerics;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Tests.Interop;

/// <summary>A schema exercising every type and logical type, and values with the edge cases worth crossing implementations.</summary>
public static class InteropData
{
    public const string SchemaJson = """
        {"type":"record","name":"Interop","namespace":"metricstream.test","doc":"interop","fields":[
          {"name":"n","type":"null"},
          {"name":"b","type":"boolean"},
          {"name":"i","type":"int"},
          {"name":"l","type":"long"},
          {"name":"f","type":"float"},
          {"name":"d","type":"double"},
          {"name":"s","type":"string"},
          {"name":"by","type":"bytes"},
          {"name":"e","type":{"type":"enum","name":"Level","symbols":["LOW","MID","HIGH"]}},
          {"name":"fx","type":{"type":"fixed","name":"Hash","size":4}},
          {"name":"arr","type":{"type":"array","items":"long"}},
          {"name":"m","type":{"type":"map","values":["null","double","string"]}},
          {"name":"u","type":["null","string","Hash"]},
          {"name":"nested","type":{"type":"record","name":"Inner","fields":[
            {"name":"tags","type":{"type":"map","values":"string"}},
            {"name":"next","type":["null","Inner"]}]}},
          {"name":"recs","type":{"type":"array","items":"Inner"}},
          {"name":"tsMillis","type":{"type":"long","logicalType":"timestamp-millis"}},
          {"name":"tsMicros","type":{"type":"long","logicalType":"timestamp-micros"}},
          {"name":"date","type":{"type":"int","logicalType":"date"}},
          {"name":"timeMillis","type":{"type":"int","logicalType":"time-millis"}},
          {"name":"timeMicros","type":{"type":"long","logicalType":"time-micros"}},
          {"name":"id","type":{"type":"string","logicalType":"uuid"}},
          {"name":"dec","type":{"type":"bytes","logicalType":"decimal","precision":20,"scale":4}},
          {"name":"decFixed","type":{"type":"fixed","name":"Dec","size":12,"logicalType":"decimal","precision":28,"scale":6}},
          {"name":"optTs","type":["null",{"type":"long","logicalType":"timestamp-micros"}]},
          {"name":"localTs","type":{"type":"long","logicalType":"local-timestamp-millis"}}]}
        """;

    public static RecordSchema Schema { get; } = (RecordSchema)AvroSchema.Parse(SchemaJson);

    public static List<GenericRecord> Values()
    {
        var inner = (RecordSchema)Schema.Fields[13].Schema;
        var hash = (FixedSchema)Schema.Fields[9].Schema;
        var level = (EnumSchema)Schema.Fields[8].Schema;
        GenericRecord Inner(params (string K, string V)[] tags) =>
            new(inner) { ["tags"] = tags.ToDictionary(t => t.K, t => (object?)t.V) };

        var chain = Inner(("k", "outer"));
        chain["next"] = Inner(("k", "inner"));

        GenericRecord Record(int n) => new(Schema)
        {
            ["n"] = null,
            ["b"] = n % 2 == 0,
            ["i"] = n switch { 0 => int.MinValue, 1 => int.MaxValue, _ => -n },
            ["l"] = n switch { 0 => long.MinValue, 1 => long.MaxValue, _ => 1L << (30 + n) },
            ["f"] = n switch { 0 => float.NaN, 1 => float.NegativeInfinity, 2 => -0.0f, _ => 3.14159f * n },
            ["d"] = n switch { 0 => double.PositiveInfinity, 1 => double.NaN, 2 => -0.0, 3 => double.Epsilon, _ => Math.E * n },
            ["s"] = n switch { 0 => string.Empty, 1 => "héllo \U0001F600 𝄞 中文 \"quoted\" \\ \n tab\t", _ => new string('x', 200 * n) },
            ["by"] = n == 0 ? Array.Empty<byte>() : Enumerable.Range(0, 256).Select(x => (byte)x).ToArray(),
            ["e"] = new GenericEnum(level, level.Symbols[n % 3]),
            ["fx"] = new GenericFixed(hash, [(byte)n, 0xff, 0x00, 0x7f]),
            ["arr"] = n == 0 ? new List<object?>() : new List<object?> { 0L, -1L, long.MaxValue, (long)n },
            ["m"] = n == 0 ? new Dictionary<string, object?>() : new Dictionary<string, object?> { ["null"] = null, ["pi"] = Math.PI, ["s"] = "v", ["ü"] = -1.5 },
            ["u"] = (n % 3) switch { 0 => null, 1 => "text", _ => new GenericFixed(hash, [1, 2, 3, 4]) },
            ["nested"] = n == 1 ? chain : Inner(),
            ["recs"] = new List<object?> { Inner(("a", "1"), ("b", "2")), Inner() },
            ["tsMillis"] = DateTimeOffset.UnixEpoch.AddMilliseconds(n == 0 ? -86_400_000L * 365 : 1_700_000_000_123L + n),
            ["tsMicros"] = DateTimeOffset.UnixEpoch.AddTicks(10 * (n == 0 ? -1L : 1_700_000_000_123_456L + n)),
            ["date"] = n == 0 ? new DateOnly(1969, 12, 31) : new DateOnly(2024, 2, 29).AddDays(n),
            ["timeMillis"] = new TimeOnly(23, 59, 59, 999).Add(TimeSpan.FromMilliseconds(-n)),
            ["timeMicros"] = new TimeOnly(0, 0).Add(TimeSpan.FromTicks(10L * (n + 1))),
            ["id"] = Guid.Parse($"0f8fad5b-d9cb-469f-a165-70867728950{n:x}"),
            ["dec"] = new AvroDecimal(n switch { 0 => BigInteger.Zero, 1 => -127, 2 => -129, _ => BigInteger.Parse("12345678901234567890") }, 4),
            ["decFixed"] = new AvroDecimal(n % 2 == 0 ? BigInteger.Parse("-9999999999999999999999999999") : 1, 6),
            ["optTs"] = n % 2 == 0 ? null : DateTimeOffset.UnixEpoch.AddTicks(10L * 1_600_000_000_000_001),
            ["localTs"] = new DateTime(2024, 5, 6, 7, 8, 9, 10).AddDays(n),
        };

        return [.. Enumerable.Range(0, 7).Select(Record)];
    }
}
