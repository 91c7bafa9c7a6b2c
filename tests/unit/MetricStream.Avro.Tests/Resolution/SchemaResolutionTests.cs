using MetricStream.Avro.Generic;
using MetricStream.Avro.Resolution;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Tests.Resolution;

public class SchemaResolutionTests
{
    private static object? Resolve(string writerJson, string readerJson, object? value)
    {
        var writer = AvroSchema.Parse(writerJson);
        return AvroGeneric.Decode(writer, AvroSchema.Parse(readerJson), AvroGeneric.Encode(writer, value));
    }

    private static GenericRecord Rec(string schemaJson, params (string Name, object? Value)[] values)
    {
        var record = new GenericRecord((RecordSchema)AvroSchema.Parse(schemaJson));
        foreach (var (name, value) in values)
        {
            record[name] = value;
        }

        return record;
    }

    private const string WriterAb = """{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"string"}]}""";

    [Fact]
    public void Record_FieldsReorderedInReader_MatchedByName()
    {
        var reader = """{"type":"record","name":"R","fields":[{"name":"b","type":"string"},{"name":"a","type":"int"}]}""";

        var result = (GenericRecord)Resolve(WriterAb, reader, Rec(WriterAb, ("a", 1), ("b", "x")))!;

        result[0].Should().Be("x");
        result[1].Should().Be(1);
    }

    [Fact]
    public void Record_ReaderFieldAlias_ReadsRenamedWriterField()
    {
        var reader = """{"type":"record","name":"R","fields":[{"name":"count","type":"int","aliases":["a"]}]}""";

        ((GenericRecord)Resolve(WriterAb, reader, Rec(WriterAb, ("a", 9), ("b", "x")))!)["count"].Should().Be(9);
    }

    [Fact]
    public void Record_ReaderAliasForRecordName_MatchesWriterRecord()
    {
        var reader = """{"type":"record","name":"New","aliases":["R"],"fields":[{"name":"a","type":"int"}]}""";

        ((GenericRecord)Resolve(WriterAb, reader, Rec(WriterAb, ("a", 9), ("b", "x")))!)["a"].Should().Be(9);
    }

    [Fact]
    public void Record_MissingWriterField_TakesReaderDefaultsOfEveryKind()
    {
        var reader = """
            {"type":"record","name":"R","fields":[
              {"name":"a","type":"int"},
              {"name":"host","type":"string","default":"unknown"},
              {"name":"opt","type":["null","long"],"default":null},
              {"name":"raw","type":"bytes","default":"\u00ff\u0001"},
              {"name":"list","type":{"type":"array","items":"int"},"default":[1,2]},
              {"name":"level","type":{"type":"enum","name":"Level","symbols":["LOW","HIGH"]},"default":"HIGH"},
              {"name":"inner","type":{"type":"record","name":"In","fields":[{"name":"x","type":"int","default":7},{"name":"y","type":"double"}]},"default":{"y":1.5}},
              {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"},"default":1000}]}
            """;

        var result = (GenericRecord)Resolve(WriterAb, reader, Rec(WriterAb, ("a", 1), ("b", "x")))!;

        result["host"].Should().Be("unknown");
        result["opt"].Should().BeNull();
        result["raw"].Should().BeEquivalentTo(new byte[] { 0xff, 0x01 });
        result["list"].Should().BeEquivalentTo(new List<object?> { 1, 2 });
        result["level"]!.ToString().Should().Be("HIGH");
        ((GenericRecord)result["inner"]!)["x"].Should().Be(7);
        ((GenericRecord)result["inner"]!)["y"].Should().Be(1.5);
        result["at"].Should().Be(DateTimeOffset.UnixEpoch.AddSeconds(1));
    }

    [Fact]
    public void Record_DefaultsAreFreshPerRecord()
    {
        var writer = AvroSchema.Parse(WriterAb);
        var reader = AvroSchema.Parse("""{"type":"record","name":"R","fields":[{"name":"list","type":{"type":"array","items":"int"},"default":[1]}]}""");
        var datumReader = new GenericDatumReader(writer, reader);
        var bytes = AvroGeneric.Encode(writer, Rec(WriterAb, ("a", 1), ("b", "x")));

        var first = (GenericRecord)datumReader.Read(bytes)!;
        ((List<object?>)first["list"]!).Add(2);
        var second = (GenericRecord)datumReader.Read(bytes)!;

        ((List<object?>)second["list"]!).Should().HaveCount(1);
    }

    [Fact]
    public void Record_WriterOnlyFields_AreSkippedIncludingComplexOnes()
    {
        var writer = """
            {"type":"record","name":"R","fields":[
              {"name":"skipRec","type":{"type":"record","name":"S","fields":[{"name":"s","type":"string"},{"name":"d","type":"double"}]}},
              {"name":"skipArr","type":{"type":"array","items":{"type":"map","values":"string"}}},
              {"name":"keep","type":"long"},
              {"name":"skipUnion","type":["null","string",{"type":"fixed","name":"F","size":3}]},
              {"name":"skipEnum","type":{"type":"enum","name":"E","symbols":["A","B"]}},
              {"name":"last","type":"string"}]}
            """;
        var writerSchema = (RecordSchema)AvroSchema.Parse(writer);
        var value = new GenericRecord(writerSchema)
        {
            ["skipRec"] = new GenericRecord((RecordSchema)writerSchema.Fields[0].Schema) { ["s"] = "zz", ["d"] = 2.0 },
            ["skipArr"] = new List<object?> { new Dictionary<string, object?> { ["k"] = "v" }, new Dictionary<string, object?>() },
            ["keep"] = 42L,
            ["skipUnion"] = new GenericFixed((FixedSchema)((UnionSchema)writerSchema.Fields[3].Schema).Branches[2], [1, 2, 3]),
            ["skipEnum"] = "B",
            ["last"] = "end",
        };
        var reader = """{"type":"record","name":"R","fields":[{"name":"last","type":"string"},{"name":"keep","type":"long"}]}""";

        var result = (GenericRecord)Resolve(writer, reader, value)!;

        result["keep"].Should().Be(42L);
        result["last"].Should().Be("end");
    }

    [Fact]
    public void Record_WriterOnlyArrayWithByteSizedBlocks_IsSkippedByByteSize()
    {
        var writer = AvroSchema.Parse("""{"type":"record","name":"R","fields":[{"name":"xs","type":{"type":"array","items":"long"}},{"name":"k","type":"int"}]}""");
        var reader = AvroSchema.Parse("""{"type":"record","name":"R","fields":[{"name":"k","type":"int"}]}""");
        // xs: block count -3 with byte size 3 (items 1, 2, 3), then end; k = 5.
        var bytes = Convert.FromHexString("05060204060" + "00a");

        ((GenericRecord)AvroGeneric.Decode(writer, reader, bytes)!)["k"].Should().Be(5);
    }

    [Theory]
    [InlineData("int", "long", 5, 5L)]
    [InlineData("int", "float", 5, 5f)]
    [InlineData("int", "double", 5, 5d)]
    [InlineData("long", "float", 1L << 40, (float)(1L << 40))]
    [InlineData("long", "double", -7L, -7d)]
    [InlineData("float", "double", 1.5f, 1.5d)]
    public void Primitive_NumericPromotion(string writer, string reader, object value, object expected)
    {
        var result = Resolve($"\"{writer}\"", $"\"{reader}\"", value);

        result.Should().Be(expected);
        result!.GetType().Should().Be(expected.GetType());
    }

    [Fact]
    public void Primitive_StringAndBytes_AreInterchangeable()
    {
        Resolve("\"string\"", "\"bytes\"", "héllo").Should().BeEquivalentTo("héllo"u8.ToArray());
        Resolve("\"bytes\"", "\"string\"", "héllo"u8.ToArray()).Should().Be("héllo");
    }

    [Fact]
    public void Primitive_Demotion_FailsWithMessage()
    {
        var act = () => new GenericDatumReader(AvroSchema.Parse("\"long\""), AvroSchema.Parse("\"int\""));

        act.Should().Throw<AvroResolutionException>().WithMessage("reader type int cannot read writer type long");
    }

    private const string WriterEnum = """{"type":"enum","name":"State","symbols":["INACTIVE","PENDING","FIRING","RESOLVED"]}""";

    [Fact]
    public void Enum_SymbolsMappedByName_NotIndex()
    {
        var reader = """{"type":"enum","name":"State","symbols":["FIRING","INACTIVE","PENDING","RESOLVED"]}""";

        var result = (GenericEnum)Resolve(WriterEnum, reader, "PENDING")!;

        result.Symbol.Should().Be("PENDING");
        result.Index.Should().Be(2);
    }

    [Fact]
    public void Enum_UnknownSymbol_TakesReaderDefault()
    {
        var reader = """{"type":"enum","name":"State","symbols":["UNKNOWN","FIRING"],"default":"UNKNOWN"}""";

        ((GenericEnum)Resolve(WriterEnum, reader, "PENDING")!).Symbol.Should().Be("UNKNOWN");
        ((GenericEnum)Resolve(WriterEnum, reader, "FIRING")!).Symbol.Should().Be("FIRING");
    }

    [Fact]
    public void Enum_UnknownSymbolWithoutDefault_FailsWhenRead()
    {
        var reader = """{"type":"enum","name":"State","symbols":["FIRING"]}""";

        Resolve(WriterEnum, reader, "FIRING").Should().NotBeNull();
        var act = () => Resolve(WriterEnum, reader, "PENDING");
        act.Should().Throw<AvroResolutionException>().WithMessage("writer symbol 'PENDING' is not a symbol of reader enum 'State', which has no default");
    }

    [Fact]
    public void WriterUnion_ReaderNotUnion_ResolvesBranchWritten()
    {
        Resolve("""["null","int"]""", "\"long\"", 3).Should().Be(3L);
        var act = () => Resolve("""["null","int"]""", "\"long\"", null);
        act.Should().Throw<AvroResolutionException>().WithMessage("reader type long cannot read writer type null (at writer union branch 0)");
    }

    [Fact]
    public void ReaderUnion_WriterNotUnion_PicksExactBranchBeforePromotion()
    {
        Resolve("\"int\"", """["null","double","int"]""", 3).Should().Be(3);
        Resolve("\"int\"", """["null","string","double"]""", 3).Should().Be(3d);
        Resolve("\"string\"", """["null","bytes"]""", "a").Should().BeEquivalentTo(new byte[] { 0x61 });
    }

    [Fact]
    public void ReaderUnion_NoMatchingBranch_FailsWithMessage()
    {
        var act = () => new GenericDatumReader(AvroSchema.Parse("\"string\""), AvroSchema.Parse("""["null","int"]"""));

        act.Should().Throw<AvroResolutionException>().WithMessage("no branch of the reader union matches writer type string");
    }

    [Fact]
    public void BothUnions_EachWriterBranchResolvedAgainstReaderUnion()
    {
        Resolve("""["null","int","string"]""", """["string","null","long"]""", 5).Should().Be(5L);
        Resolve("""["null","int","string"]""", """["string","null","long"]""", "s").Should().Be("s");
        Resolve("""["null","int","string"]""", """["string","null","long"]""", null).Should().BeNull();
    }

    [Fact]
    public void ArrayAndMap_ItemsResolvedRecursively()
    {
        Resolve("""{"type":"array","items":"int"}""", """{"type":"array","items":"double"}""", new List<object?> { 1, 2 })
            .Should().BeEquivalentTo(new List<object?> { 1d, 2d });
        Resolve("""{"type":"map","values":"int"}""", """{"type":"map","values":["null","long"]}""", new Dictionary<string, object?> { ["a"] = 1 })
            .Should().BeEquivalentTo(new Dictionary<string, object?> { ["a"] = 1L });
    }

    [Fact]
    public void Fixed_MatchedByUnqualifiedName_SizeMustAgree()
    {
        var value = new GenericFixed((FixedSchema)AvroSchema.Parse("""{"type":"fixed","name":"a.F","size":2}"""), [1, 2]);

        ((GenericFixed)Resolve("""{"type":"fixed","name":"a.F","size":2}""", """{"type":"fixed","name":"b.F","size":2}""", value)!).Schema.FullName.Should().Be("b.F");
        var act = () => new GenericDatumReader(AvroSchema.Parse("""{"type":"fixed","name":"F","size":2}"""), AvroSchema.Parse("""{"type":"fixed","name":"F","size":3}"""));
        act.Should().Throw<AvroResolutionException>().WithMessage("reader fixed 'F' has size 3 but writer fixed 'F' has size 2");
    }

    [Fact]
    public void Record_DifferentNames_Fail()
    {
        var act = () => new GenericDatumReader(AvroSchema.Parse(WriterAb), AvroSchema.Parse("""{"type":"record","name":"Other","fields":[]}"""));

        act.Should().Throw<AvroResolutionException>().WithMessage("reader record 'Other' and writer record 'R' have different names*");
    }

    [Fact]
    public void Record_MissingFieldWithoutDefault_FailsNamingField()
    {
        var reader = """{"type":"record","name":"R","fields":[{"name":"inner","type":{"type":"record","name":"I","fields":[{"name":"host","type":"string"}]}}]}""";
        var writer = """{"type":"record","name":"R","fields":[{"name":"inner","type":{"type":"record","name":"I","fields":[]}}]}""";

        var act = () => new GenericDatumReader(AvroSchema.Parse(writer), AvroSchema.Parse(reader));

        act.Should().Throw<AvroResolutionException>()
            .WithMessage("reader field 'host' of record 'I' has no default and is missing from the writer (at field 'inner' of record 'R')");
    }

    [Fact]
    public void RecursiveSchemas_ResolveWithPromotion()
    {
        var writer = """{"type":"record","name":"Node","fields":[{"name":"v","type":"int"},{"name":"next","type":["null","Node"]}]}""";
        var reader = """{"type":"record","name":"Node","fields":[{"name":"next","type":["null","Node"]},{"name":"v","type":"long"}]}""";
        var writerSchema = (RecordSchema)AvroSchema.Parse(writer);
        var list = new GenericRecord(writerSchema) { ["v"] = 1, ["next"] = new GenericRecord(writerSchema) { ["v"] = 2 } };

        var result = (GenericRecord)Resolve(writer, reader, list)!;

        result["v"].Should().Be(1L);
        ((GenericRecord)result["next"]!)["v"].Should().Be(2L);
        ((GenericRecord)result["next"]!)["next"].Should().BeNull();
    }
}
