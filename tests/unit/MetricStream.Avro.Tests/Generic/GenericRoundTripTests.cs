using System.Numerics;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Tests.Generic;

public class GenericRoundTripTests
{
    private static object? RoundTrip(string schemaJson, object? value)
    {
        var schema = AvroSchema.Parse(schemaJson);
        return AvroGeneric.Decode(schema, AvroGeneric.Encode(schema, value));
    }

    public static TheoryData<string, object?> PrimitiveValues => new()
    {
        { "\"null\"", null },
        { "\"boolean\"", true },
        { "\"boolean\"", false },
        { "\"int\"", int.MinValue },
        { "\"int\"", int.MaxValue },
        { "\"int\"", 0 },
        { "\"long\"", long.MinValue },
        { "\"long\"", long.MaxValue },
        { "\"float\"", float.MaxValue },
        { "\"float\"", float.Epsilon },
        { "\"float\"", float.PositiveInfinity },
        { "\"float\"", float.NegativeInfinity },
        { "\"double\"", double.MinValue },
        { "\"double\"", double.PositiveInfinity },
        { "\"double\"", double.NegativeInfinity },
        { "\"double\"", Math.PI },
        { "\"string\"", string.Empty },
        { "\"string\"", "héllo wörld ✓ \U0001F600 𝄞 中文" },
        { "\"string\"", new string('x', 10_000) },
        { "\"bytes\"", Array.Empty<byte>() },
        { "\"bytes\"", new byte[] { 0, 1, 2, 255 } },
    };

    [Theory]
    [MemberData(nameof(PrimitiveValues))]
    public void Primitive_RoundTrips(string schema, object? value)
    {
        RoundTrip(schema, value).Should().BeEquivalentTo(value);
    }

    [Fact]
    public void NaNAndNegativeZero_RoundTripBitExact()
    {
        double.IsNaN((double)RoundTrip("\"double\"", double.NaN)!).Should().BeTrue();
        float.IsNaN((float)RoundTrip("\"float\"", float.NaN)!).Should().BeTrue();
        BitConverter.DoubleToInt64Bits((double)RoundTrip("\"double\"", -0.0)!).Should().Be(long.MinValue);
        BitConverter.SingleToInt32Bits((float)RoundTrip("\"float\"", -0.0f)!).Should().Be(int.MinValue);
    }

    [Fact]
    public void Record_WithEveryComplexType_RoundTrips()
    {
        var schema = (RecordSchema)AvroSchema.Parse("""
            {"type":"record","name":"All","namespace":"t","fields":[
              {"name":"e","type":{"type":"enum","name":"Color","symbols":["RED","GREEN"]}},
              {"name":"f","type":{"type":"fixed","name":"Hash","size":4}},
              {"name":"a","type":{"type":"array","items":"long"}},
              {"name":"empty","type":{"type":"array","items":"string"}},
              {"name":"m","type":{"type":"map","values":["null","double"]}},
              {"name":"emptyMap","type":{"type":"map","values":"int"}},
              {"name":"u","type":["null","string",{"type":"array","items":["int","string"]}]},
              {"name":"nested","type":{"type":"record","name":"Inner","fields":[{"name":"x","type":"int"}]}}]}
            """);
        var inner = new GenericRecord((RecordSchema)schema.Fields[7].Schema) { ["x"] = 7 };
        var record = new GenericRecord(schema)
        {
            ["e"] = new GenericEnum((EnumSchema)schema.Fields[0].Schema, "GREEN"),
            ["f"] = new GenericFixed((FixedSchema)schema.Fields[1].Schema, [1, 2, 3, 4]),
            ["a"] = new List<object?> { 1L, -1L, long.MaxValue },
            ["empty"] = new List<object?>(),
            ["m"] = new Dictionary<string, object?> { ["x"] = 1.5, ["n"] = null },
            ["emptyMap"] = new Dictionary<string, object?>(),
            ["u"] = new List<object?> { 1, "two" },
            ["nested"] = inner,
        };

        var decoded = (GenericRecord)AvroGeneric.Decode(schema, AvroGeneric.Encode(schema, record))!;

        decoded.Should().Be(record);
        ((GenericEnum)decoded["e"]!).Index.Should().Be(1);
    }

    [Fact]
    public void RecursiveRecord_LinkedList_RoundTrips()
    {
        var schema = (RecordSchema)AvroSchema.Parse("""{"type":"record","name":"Node","fields":[{"name":"v","type":"int"},{"name":"next","type":["null","Node"]}]}""");
        GenericRecord? list = null;
        for (var i = 0; i < 50; i++)
        {
            list = new GenericRecord(schema) { ["v"] = i, ["next"] = list };
        }

        var decoded = (GenericRecord)AvroGeneric.Decode(schema, AvroGeneric.Encode(schema, list))!;

        decoded.Should().Be(list);
        decoded["v"].Should().Be(49);
        ((GenericRecord)decoded["next"]!)["v"].Should().Be(48);
    }

    [Fact]
    public void Union_PicksBranchByValueType()
    {
        var schema = AvroSchema.Parse("""["null","int","long","double","string","bytes"]""");

        Convert.ToHexStringLower(AvroGeneric.Encode(schema, null)).Should().Be("00");
        Convert.ToHexStringLower(AvroGeneric.Encode(schema, 1)).Should().Be("0202");
        Convert.ToHexStringLower(AvroGeneric.Encode(schema, 1L)).Should().Be("0402");
        Convert.ToHexStringLower(AvroGeneric.Encode(schema, "a")).Should().Be("080261");
        Convert.ToHexStringLower(AvroGeneric.Encode(schema, new byte[] { 9 })).Should().Be("0a0209");
        AvroGeneric.Decode(schema, AvroGeneric.Encode(schema, 2.5)).Should().Be(2.5);
        // No float branch: a float is promoted to the double branch.
        AvroGeneric.Decode(schema, AvroGeneric.Encode(schema, 2.5f)).Should().Be(2.5);
    }

    [Fact]
    public void Union_NamedBranches_SelectedByFullName()
    {
        var schema = (UnionSchema)AvroSchema.Parse("""[{"type":"record","name":"A","fields":[{"name":"x","type":"int"}]},{"type":"record","name":"B","fields":[{"name":"x","type":"int"}]}]""");
        var b = new GenericRecord((RecordSchema)schema.Branches[1]) { ["x"] = 3 };

        var bytes = AvroGeneric.Encode(schema, b);

        bytes[0].Should().Be(2);
        ((GenericRecord)AvroGeneric.Decode(schema, bytes)!).Schema.Name.Should().Be("B");
    }

    [Fact]
    public void LogicalTypes_RoundTripAsClrTypes()
    {
        var schema = (RecordSchema)AvroSchema.Parse("""
            {"type":"record","name":"L","fields":[
              {"name":"tsMillis","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"tsMicros","type":{"type":"long","logicalType":"timestamp-micros"}},
              {"name":"localMillis","type":{"type":"long","logicalType":"local-timestamp-millis"}},
              {"name":"localMicros","type":{"type":"long","logicalType":"local-timestamp-micros"}},
              {"name":"date","type":{"type":"int","logicalType":"date"}},
              {"name":"timeMillis","type":{"type":"int","logicalType":"time-millis"}},
              {"name":"timeMicros","type":{"type":"long","logicalType":"time-micros"}},
              {"name":"id","type":{"type":"string","logicalType":"uuid"}},
              {"name":"price","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}},
              {"name":"big","type":{"type":"fixed","name":"Big","size":16,"logicalType":"decimal","precision":38,"scale":4}}]}
            """);
        var record = new GenericRecord(schema)
        {
            ["tsMillis"] = new DateTimeOffset(2024, 2, 29, 12, 30, 45, 123, TimeSpan.Zero),
            ["tsMicros"] = new DateTimeOffset(1969, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(1_234_560),
            ["localMillis"] = new DateTime(2024, 1, 2, 3, 4, 5, 6),
            ["localMicros"] = new DateTime(2024, 1, 2, 3, 4, 5).AddTicks(70),
            ["date"] = new DateOnly(1900, 1, 1),
            ["timeMillis"] = new TimeOnly(23, 59, 59, 999),
            ["timeMicros"] = new TimeOnly(0, 0, 0).Add(TimeSpan.FromTicks(10)),
            ["id"] = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
            ["price"] = new AvroDecimal(-123456, 2),
            ["big"] = new AvroDecimal(BigInteger.Parse("-12345678901234567890123456789012345678"), 4),
        };

        var decoded = (GenericRecord)AvroGeneric.Decode(schema, AvroGeneric.Encode(schema, record))!;

        decoded.Should().Be(record);
        ((DateTimeOffset)decoded["tsMillis"]!).Offset.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void LogicalTypes_EncodeAsSpecifiedUnderlyingValues()
    {
        var ts = AvroSchema.Parse("""{"type":"long","logicalType":"timestamp-micros"}""");
        var date = AvroSchema.Parse("""{"type":"int","logicalType":"date"}""");
        var dec = AvroSchema.Parse("""{"type":"bytes","logicalType":"decimal","precision":5,"scale":2}""");
        var uuid = AvroSchema.Parse("""{"type":"string","logicalType":"uuid"}""");

        AvroGeneric.Encode(ts, DateTimeOffset.UnixEpoch.AddTicks(10)).Should().Equal(AvroGeneric.Encode(AvroSchema.Parse("\"long\""), 1L));
        AvroGeneric.Encode(date, new DateOnly(1970, 1, 2)).Should().Equal(new byte[] { 2 });
        // 1.23 at scale 2 is unscaled 123 = 0x7b; -1.28 is unscaled -128 = 0x80 (minimal two's complement); 1.28 needs a sign byte: 0x0080.
        AvroGeneric.Encode(dec, 1.23m).Should().Equal(new byte[] { 2, 0x7b });
        AvroGeneric.Encode(dec, -1.28m).Should().Equal(new byte[] { 2, 0x80 });
        AvroGeneric.Encode(dec, 1.28m).Should().Equal(new byte[] { 4, 0x00, 0x80 });
        AvroGeneric.Encode(dec, 1.2m).Should().Equal(new byte[] { 2, 0x78 }); // rescaled to 1.20
        AvroGeneric.Encode(uuid, Guid.Empty).Should().Equal(AvroGeneric.Encode(AvroSchema.Parse("\"string\""), "00000000-0000-0000-0000-000000000000"));
        // Raw underlying values are accepted too.
        AvroGeneric.Decode(ts, AvroGeneric.Encode(ts, 1_000_000L)).Should().Be(DateTimeOffset.UnixEpoch.AddSeconds(1));
    }

    [Fact]
    public void Decimal_TooManyDigitsOrScaleLoss_Throws()
    {
        var dec = AvroSchema.Parse("""{"type":"bytes","logicalType":"decimal","precision":3,"scale":1}""");

        var tooBig = () => AvroGeneric.Encode(dec, 100.0m);
        var rounding = () => AvroGeneric.Encode(dec, 1.25m);

        tooBig.Should().Throw<AvroException>().WithMessage("decimal 100.0 has more than 3 digits");
        rounding.Should().Throw<AvroException>().WithMessage("decimal 1.25 cannot be written with scale 1 without rounding");
    }

    [Fact]
    public void Write_ValueNotMatchingSchema_ThrowsWithPath()
    {
        var schema = (RecordSchema)AvroSchema.Parse("""{"type":"record","name":"P","namespace":"ns","fields":[{"name":"tags","type":{"type":"map","values":"string"}}]}""");
        var record = new GenericRecord(schema) { ["tags"] = new Dictionary<string, object?> { ["host"] = 42 } };

        var act = () => AvroGeneric.Encode(schema, record);

        act.Should().Throw<AvroException>().WithMessage("field 'tags' of record 'ns.P' > map value 'host': expected string, got System.Int32");
    }

    [Fact]
    public void Write_NullForNonNullableField_Throws()
    {
        var schema = (RecordSchema)AvroSchema.Parse("""{"type":"record","name":"P","fields":[{"name":"v","type":"double"}]}""");

        var act = () => AvroGeneric.Encode(schema, new GenericRecord(schema));

        act.Should().Throw<AvroException>().WithMessage("field 'v' of record 'P': expected double, got null");
    }

    [Fact]
    public void Write_DictionaryAsRecord_UsesFieldNamesAndDefaults()
    {
        var schema = (RecordSchema)AvroSchema.Parse("""{"type":"record","name":"P","fields":[{"name":"a","type":"int"},{"name":"b","type":"string","default":"dflt"}]}""");

        var decoded = (GenericRecord)AvroGeneric.Decode(schema, AvroGeneric.Encode(schema, new Dictionary<string, object?> { ["a"] = 5 }))!;

        decoded["a"].Should().Be(5);
        decoded["b"].Should().Be("dflt");
    }

    [Theory]
    [InlineData("\"string\"", "0a6162")]
    [InlineData("{\"type\":\"array\",\"items\":\"long\"}", "0402")]
    [InlineData("{\"type\":\"map\",\"values\":\"long\"}", "020261")]
    [InlineData("[\"null\",\"int\"]", "04")]
    [InlineData("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\"]}", "02")]
    [InlineData("{\"type\":\"fixed\",\"name\":\"F\",\"size\":4}", "0102")]
    public void Decode_MalformedInput_ThrowsAvroException(string schema, string hex)
    {
        var act = () => AvroGeneric.Decode(AvroSchema.Parse(schema), Convert.FromHexString(hex));

        act.Should().Throw<AvroException>();
    }

    [Fact]
    public void Decode_ArrayInSeveralBlocksWithByteSizes_ReadsAll()
    {
        // Block 1: count -2 with byte size 2, items 1, 2; block 2: count 1, item 3; end.
        var bytes = Convert.FromHexString("0304020402060000".Replace("0000", "00", StringComparison.Ordinal));

        AvroGeneric.Decode(AvroSchema.Parse("""{"type":"array","items":"int"}"""), bytes).Should().BeEquivalentTo(new List<object?> { 1, 2, 3 });
    }

    [Fact]
    public void Decode_MapInSeveralBlocks_ReadsAll()
    {
        // Block 1: count -1, size 3: "a" -> 1; block 2: count 1: "b" -> 2; end.
        var bytes = Convert.FromHexString("0106026102020262" + "0400");

        AvroGeneric.Decode(AvroSchema.Parse("""{"type":"map","values":"int"}"""), bytes)
            .Should().BeEquivalentTo(new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2 });
    }
}
