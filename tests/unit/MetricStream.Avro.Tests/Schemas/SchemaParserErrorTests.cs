using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Tests.Schemas;

public class SchemaParserErrorTests
{
    [Theory]
    [InlineData("{\"type\":\"record\",\"name\":\"MetricPoint\",\"namespace\":\"metricstream\",\"fields\":[{\"name\":\"value\",\"type\":\"flaot\"}]}",
        "field 'value' of record 'metricstream.MetricPoint': unknown type 'flaot'")]
    [InlineData("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"a\",\"type\":\"long\"}]}",
        "record 'X': duplicate field 'a'")]
    [InlineData("{\"type\":\"record\",\"name\":\"9X\",\"fields\":[]}",
        "schema: invalid record name '9X'")]
    [InlineData("{\"type\":\"record\",\"name\":\"X\",\"namespace\":\"a..b\",\"fields\":[]}",
        "schema: invalid record name 'a..b.X'")]
    [InlineData("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a-b\",\"type\":\"int\"}]}",
        "record 'X': invalid field name 'a-b'")]
    [InlineData("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\"],\"default\":\"C\"}",
        "enum 'E': default 'C' is not one of its symbols")]
    [InlineData("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"A\"]}",
        "enum 'E': duplicate symbol 'A'")]
    [InlineData("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"1B\"]}",
        "enum 'E': invalid symbol '1B'")]
    [InlineData("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"int\",\"default\":\"zero\"}]}",
        "field 'a' of record 'X': invalid default value \"zero\": expected an integer in the int range")]
    [InlineData("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"int\",\"default\":4294967296}]}",
        "field 'a' of record 'X': invalid default value 4294967296: expected an integer in the int range")]
    [InlineData("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":[\"null\",\"string\"],\"default\":\"x\"}]}",
        "field 'a' of record 'X': invalid default value \"x\": expected null (a union's default must be a value of its first branch, null)")]
    [InlineData("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":{\"type\":\"fixed\",\"name\":\"F\",\"size\":2},\"default\":\"abc\"}]}",
        "field 'a' of record 'X': invalid default value \"abc\": expected a string of 2 code points 0-255 for fixed 'F'")]
    [InlineData("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":{\"type\":\"record\",\"name\":\"Y\",\"fields\":[{\"name\":\"b\",\"type\":\"int\"}]},\"default\":{}}]}",
        "field 'a' of record 'X': invalid default value {}: field 'b' is missing and has no default")]
    [InlineData("[\"int\",[\"null\",\"long\"]]",
        "schema: a union may not immediately contain another union (branch 1)")]
    [InlineData("[\"int\",\"string\",{\"type\":\"int\"}]",
        "schema: union has more than one branch of type 'int' (branch 2)")]
    [InlineData("[{\"type\":\"array\",\"items\":\"int\"},{\"type\":\"array\",\"items\":\"long\"}]",
        "schema: union has more than one branch of type 'array' (branch 1)")]
    [InlineData("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":{\"type\":\"fixed\",\"name\":\"X\",\"size\":1}}]}",
        "field 'a' of record 'X': type 'X' is defined more than once")]
    [InlineData("{\"type\":\"record\",\"name\":\"int\",\"fields\":[]}",
        "schema: record name 'int' redefines the primitive type 'int'")]
    [InlineData("{\"type\":\"fixed\",\"name\":\"F\",\"size\":-1}",
        "fixed 'F': 'size' must be a non-negative integer, not -1")]
    [InlineData("{\"type\":\"array\"}",
        "schema: array schema has no 'items' attribute")]
    [InlineData("{\"name\":\"X\"}",
        "schema: schema object has no 'type' attribute")]
    [InlineData("{\"type\":\"record\",\"name\":\"X\"}",
        "record 'X': record schema has no 'fields' attribute")]
    [InlineData("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"int\",\"order\":\"up\"}]}",
        "field 'a' of record 'X': invalid order 'up'")]
    [InlineData("{\"type\":\"map\",\"values\":{\"type\":\"array\",\"items\":\"Nope\"}}",
        "schema > map values > array items: unknown type 'Nope'")]
    [InlineData("42",
        "schema: a schema must be a type name, an object or an array (union), not a number")]
    public void Parse_InvalidSchema_ThrowsWithMessageNamingProblemAndPlace(string json, string expectedMessageStart)
    {
        var act = () => AvroSchema.Parse(json);

        act.Should().Throw<AvroSchemaException>().Which.Message.Should().StartWith(expectedMessageStart);
    }

    [Theory]
    [InlineData("{\"type\":\"record\",")]
    [InlineData("")]
    [InlineData("int")]
    public void Parse_MalformedJson_ThrowsSchemaException(string json)
    {
        var act = () => AvroSchema.Parse(json);

        act.Should().Throw<AvroSchemaException>().WithMessage("schema is not valid JSON*");
    }

    [Fact]
    public void Parse_ReferenceBeforeDefinition_IsUnknown()
    {
        var act = () => AvroSchema.Parse("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"Y\"},{\"name\":\"b\",\"type\":{\"type\":\"fixed\",\"name\":\"Y\",\"size\":1}}]}");

        act.Should().Throw<AvroSchemaException>().WithMessage("field 'a' of record 'X': unknown type 'Y'");
    }

    [Theory]
    [InlineData("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":[\"null\",\"string\"],\"default\":null}]}")]
    [InlineData("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":[\"string\",\"null\"],\"default\":\"x\"}]}")]
    [InlineData("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"bytes\",\"default\":\"\\u00ff\\u0000\"}]}")]
    [InlineData("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":{\"type\":\"map\",\"values\":\"double\"},\"default\":{\"x\":1,\"y\":2.5}}]}")]
    [InlineData("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":{\"type\":\"array\",\"items\":\"long\"},\"default\":[]}]}")]
    [InlineData("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"next\",\"type\":[\"null\",\"X\"],\"default\":null}]}")]
    public void Parse_ValidDefault_IsAccepted(string json)
    {
        var act = () => AvroSchema.Parse(json);

        act.Should().NotThrow();
    }
}
