using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Tests.Schemas;

public class SchemaParserTests
{
    [Fact]
    public void Parse_RecursiveRecord_ReferenceIsTheSameObject()
    {
        var schema = (RecordSchema)AvroSchema.Parse(TestSchemas.RecursivePoint);

        schema.FullName.Should().Be("metricstream.MetricPoint");
        var next = (UnionSchema)schema.Fields[4].Schema;
        next.Branches[1].Should().BeSameAs(schema);
        ((EnumSchema)schema.Fields[2].Schema).FullName.Should().Be("metricstream.Kind");
        ((FixedSchema)schema.Fields[3].Schema).FullName.Should().Be("other.F");
        schema.Fields[0].Schema.LogicalType.Should().BeSameAs(LogicalType.TimestampMicros);
        schema.Fields[0].DefaultValue!.Value.GetInt64().Should().Be(0);
        schema.Fields[1].HasDefault.Should().BeFalse();
    }

    [Fact]
    public void Parse_Namespaces_FollowSpecRules()
    {
        var schema = (RecordSchema)AvroSchema.Parse("""
            {"type":"record","name":"a.b.Outer","namespace":"ignored","fields":[
              {"name":"x","type":{"type":"record","name":"Inner","fields":[]}},
              {"name":"y","type":{"type":"record","name":"Other","namespace":"","fields":[]}},
              {"name":"z","type":{"type":"record","name":"c.Third","fields":[]}},
              {"name":"r1","type":"Inner"},
              {"name":"r2","type":"a.b.Inner"},
              {"name":"r3","type":"Other"}]}
            """);

        schema.Namespace.Should().Be("a.b");
        ((NamedSchema)schema.Fields[0].Schema).FullName.Should().Be("a.b.Inner");
        ((NamedSchema)schema.Fields[1].Schema).FullName.Should().Be("Other");
        ((NamedSchema)schema.Fields[1].Schema).Namespace.Should().BeNull();
        ((NamedSchema)schema.Fields[2].Schema).FullName.Should().Be("c.Third");
        schema.Fields[3].Schema.Should().BeSameAs(schema.Fields[0].Schema);
        schema.Fields[4].Schema.Should().BeSameAs(schema.Fields[0].Schema);
        schema.Fields[5].Schema.Should().BeSameAs(schema.Fields[1].Schema);
    }

    [Fact]
    public void Parse_Aliases_AreResolvedToFullNames()
    {
        var schema = (RecordSchema)AvroSchema.Parse("""{"type":"record","name":"R","namespace":"n","aliases":["Old","x.Older"],"fields":[{"name":"a","type":"int","aliases":["b"]}]}""");

        schema.Aliases.Should().Equal("n.Old", "x.Older");
        schema.Fields[0].Aliases.Should().Equal("b");
    }

    [Theory]
    [InlineData("{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":9,\"scale\":2}", LogicalTypeKind.Decimal)]
    [InlineData("{\"type\":\"fixed\",\"name\":\"D\",\"size\":4,\"logicalType\":\"decimal\",\"precision\":9}", LogicalTypeKind.Decimal)]
    [InlineData("{\"type\":\"string\",\"logicalType\":\"uuid\"}", LogicalTypeKind.Uuid)]
    [InlineData("{\"type\":\"int\",\"logicalType\":\"date\"}", LogicalTypeKind.Date)]
    [InlineData("{\"type\":\"int\",\"logicalType\":\"time-millis\"}", LogicalTypeKind.TimeMillis)]
    [InlineData("{\"type\":\"long\",\"logicalType\":\"time-micros\"}", LogicalTypeKind.TimeMicros)]
    [InlineData("{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}", LogicalTypeKind.TimestampMillis)]
    [InlineData("{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}", LogicalTypeKind.TimestampMicros)]
    [InlineData("{\"type\":\"long\",\"logicalType\":\"local-timestamp-millis\"}", LogicalTypeKind.LocalTimestampMillis)]
    [InlineData("{\"type\":\"long\",\"logicalType\":\"local-timestamp-micros\"}", LogicalTypeKind.LocalTimestampMicros)]
    public void Parse_ValidLogicalType_IsRecognised(string json, LogicalTypeKind kind)
    {
        AvroSchema.Parse(json).LogicalType!.Kind.Should().Be(kind);
    }

    [Theory]
    [InlineData("{\"type\":\"int\",\"logicalType\":\"timestamp-millis\"}")]
    [InlineData("{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":2,\"scale\":3}")]
    [InlineData("{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":0}")]
    [InlineData("{\"type\":\"bytes\",\"logicalType\":\"decimal\"}")]
    [InlineData("{\"type\":\"fixed\",\"name\":\"D\",\"size\":4,\"logicalType\":\"decimal\",\"precision\":10}")]
    [InlineData("{\"type\":\"long\",\"logicalType\":\"no-such-type\"}")]
    public void Parse_InvalidLogicalType_IsIgnoredAndKeptAsProperty(string json)
    {
        var schema = AvroSchema.Parse(json);

        schema.LogicalType.Should().BeNull();
        schema.Properties.Should().ContainKey("logicalType");
        schema.ToJson().Should().Contain("logicalType");
    }

    [Fact]
    public void Parse_DecimalOnFixed_MaxPrecisionFollowsSize()
    {
        // 4 bytes hold up to 2^31-1 = 2147483647: 9 digits always fit, 10 do not.
        AvroSchema.Parse("{\"type\":\"fixed\",\"name\":\"D\",\"size\":4,\"logicalType\":\"decimal\",\"precision\":9,\"scale\":9}")
            .LogicalType.Should().BeEquivalentTo(new { Precision = 9, Scale = 9 });
    }

    [Fact]
    public void ToJson_RoundTripsEverythingParsed()
    {
        var json = """
            {"type":"record","name":"Outer","namespace":"a","doc":"outer doc","aliases":["a.Old"],"custom":{"k":[1,2]},"fields":[
              {"name":"t","type":{"type":"long","logicalType":"timestamp-millis"},"doc":"time","default":5,"order":"descending","aliases":["time"]},
              {"name":"d","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}},
              {"name":"e","type":{"type":"enum","name":"E","symbols":["X","Y"],"default":"Y","doc":"e doc"},"default":"X"},
              {"name":"n","type":{"type":"record","name":"N","namespace":"","fields":[{"name":"v","type":"int"}]}},
              {"name":"n2","type":"N"},
              {"name":"o","type":["null","Outer"],"default":null,"order":"ignore"}]}
            """;
        var schema = AvroSchema.Parse(json);

        var reparsed = AvroSchema.Parse(schema.ToJson());

        reparsed.ToJson().Should().Be(schema.ToJson());
        reparsed.ToCanonicalForm().Should().Be(schema.ToCanonicalForm());
        var r = (RecordSchema)reparsed;
        r.Doc.Should().Be("outer doc");
        r.Properties["custom"].GetRawText().Should().Be("{\"k\":[1,2]}");
        r.Fields[0].Order.Should().Be(SortOrder.Descending);
        r.Fields[0].Doc.Should().Be("time");
        r.Fields[0].Schema.LogicalType!.Kind.Should().Be(LogicalTypeKind.TimestampMillis);
        r.Fields[1].Schema.LogicalType.Should().BeEquivalentTo(new { Precision = 9, Scale = 2 });
        ((EnumSchema)r.Fields[2].Schema).Default.Should().Be("Y");
        ((NamedSchema)r.Fields[3].Schema).FullName.Should().Be("N");
        r.Fields[4].Schema.Should().BeSameAs(r.Fields[3].Schema);
        r.Fields[5].Order.Should().Be(SortOrder.Ignore);
    }
}
