using MetricStream.Avro.Compatibility;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Tests.Compatibility;

public class SchemaCompatibilityTests
{
    private static AvroSchema Record(string fields, string name = "P") =>
        AvroSchema.Parse($$"""{"type":"record","name":"{{name}}","namespace":"metricstream","fields":[{{fields}}]}""");

    private static readonly AvroSchema V1 = Record("""{"name":"a","type":"int"}""");
    private static readonly AvroSchema V2AddedWithDefault = Record("""{"name":"a","type":"int"},{"name":"host","type":"string","default":""}""");
    private static readonly AvroSchema V2AddedNoDefault = Record("""{"name":"a","type":"int"},{"name":"host","type":"string"}""");

    [Fact]
    public void CanRead_ReaderFieldMissingWithoutDefault_ReportsFieldName()
    {
        var result = SchemaCompatibility.CanRead(V2AddedNoDefault, V1);

        result.IsCompatible.Should().BeFalse();
        result.Messages.Should().ContainSingle().Which.Should().Be("reader field 'host' of record 'metricstream.P' has no default and is missing from the writer");
    }

    [Fact]
    public void CanRead_ReaderFieldWithDefault_IsCompatible()
    {
        SchemaCompatibility.CanRead(V2AddedWithDefault, V1).IsCompatible.Should().BeTrue();
        SchemaCompatibility.CanRead(V1, V2AddedNoDefault).IsCompatible.Should().BeTrue();
    }

    [Theory]
    [InlineData("int", "long", true)]
    [InlineData("int", "float", true)]
    [InlineData("int", "double", true)]
    [InlineData("long", "float", true)]
    [InlineData("long", "double", true)]
    [InlineData("float", "double", true)]
    [InlineData("string", "bytes", true)]
    [InlineData("bytes", "string", true)]
    [InlineData("long", "int", false)]
    [InlineData("double", "float", false)]
    [InlineData("string", "int", false)]
    [InlineData("null", "boolean", false)]
    public void CanRead_Primitives_FollowPromotionRules(string writer, string reader, bool expected)
    {
        SchemaCompatibility.CanRead(AvroSchema.Parse($"\"{reader}\""), AvroSchema.Parse($"\"{writer}\"")).IsCompatible.Should().Be(expected);
    }

    [Fact]
    public void CanRead_NestedTypeMismatch_ReportsPath()
    {
        var writer = Record("""{"name":"tags","type":{"type":"map","values":"string"}}""");
        var reader = Record("""{"name":"tags","type":{"type":"map","values":"int"}}""");

        SchemaCompatibility.CanRead(reader, writer).Messages.Should().ContainSingle()
            .Which.Should().Be("reader type int cannot read writer type string (at field 'tags' of record 'metricstream.P' > map values)");
    }

    [Fact]
    public void CanRead_EnumSymbolMissing_IncompatibleUnlessReaderHasDefault()
    {
        var writer = AvroSchema.Parse("""{"type":"enum","name":"S","symbols":["A","B","C"]}""");
        var reader = AvroSchema.Parse("""{"type":"enum","name":"S","symbols":["A","B"]}""");
        var readerWithDefault = AvroSchema.Parse("""{"type":"enum","name":"S","symbols":["A","B"],"default":"A"}""");

        SchemaCompatibility.CanRead(reader, writer).Messages.Should().ContainSingle().Which.Should().Contain("writer symbol 'C'");
        SchemaCompatibility.CanRead(readerWithDefault, writer).IsCompatible.Should().BeTrue();
        SchemaCompatibility.CanRead(writer, reader).IsCompatible.Should().BeTrue();
    }

    [Fact]
    public void CanRead_Unions_EachWriterBranchMustBeReadable()
    {
        var writer = AvroSchema.Parse("""["null","int","string"]""");

        SchemaCompatibility.CanRead(AvroSchema.Parse("""["null","long","string"]"""), writer).IsCompatible.Should().BeTrue();
        SchemaCompatibility.CanRead(AvroSchema.Parse("""["null","long"]"""), writer).Messages.Should().ContainSingle()
            .Which.Should().Be("no branch of the reader union matches writer type string (at writer union branch 2)");
        SchemaCompatibility.CanRead(AvroSchema.Parse("\"long\""), AvroSchema.Parse("""["int","long"]""")).IsCompatible.Should().BeTrue();
        SchemaCompatibility.CanRead(AvroSchema.Parse("""["null","double"]"""), AvroSchema.Parse("\"int\"")).IsCompatible.Should().BeTrue();
    }

    [Fact]
    public void CanRead_NamedTypes_MatchByUnqualifiedNameOrAlias()
    {
        var writer = AvroSchema.Parse("""{"type":"fixed","name":"a.F","size":4}""");

        SchemaCompatibility.CanRead(AvroSchema.Parse("""{"type":"fixed","name":"b.F","size":4}"""), writer).IsCompatible.Should().BeTrue();
        SchemaCompatibility.CanRead(AvroSchema.Parse("""{"type":"fixed","name":"G","aliases":["a.F"],"size":4}"""), writer).IsCompatible.Should().BeTrue();
        SchemaCompatibility.CanRead(AvroSchema.Parse("""{"type":"fixed","name":"G","size":4}"""), writer).IsCompatible.Should().BeFalse();
        SchemaCompatibility.CanRead(AvroSchema.Parse("""{"type":"fixed","name":"F","size":8}"""), writer).Messages.Should().ContainSingle()
            .Which.Should().Contain("size 8").And.Contain("size 4");
    }

    [Fact]
    public void CanRead_FieldAlias_MatchesRenamedWriterField()
    {
        var writer = Record("""{"name":"hostname","type":"string"}""");
        var reader = Record("""{"name":"host","type":"string","aliases":["hostname"]}""");

        SchemaCompatibility.CanRead(reader, writer).IsCompatible.Should().BeTrue();
    }

    [Fact]
    public void CanRead_RecursiveSchemas_Terminates()
    {
        var writer = AvroSchema.Parse("""{"type":"record","name":"L","fields":[{"name":"v","type":"int"},{"name":"next","type":["null","L"]}]}""");
        var reader = AvroSchema.Parse("""{"type":"record","name":"L","fields":[{"name":"v","type":"long"},{"name":"next","type":["null","L"]}]}""");

        SchemaCompatibility.CanRead(reader, writer).IsCompatible.Should().BeTrue();
        SchemaCompatibility.CanRead(writer, reader).IsCompatible.Should().BeFalse();
    }

    [Fact]
    public void Check_Backward_NewMustReadLatest()
    {
        SchemaCompatibility.Check(CompatibilityLevel.Backward, V2AddedWithDefault, [V1]).IsCompatible.Should().BeTrue();
        var result = SchemaCompatibility.Check(CompatibilityLevel.Backward, V2AddedNoDefault, [V1]);
        result.IsCompatible.Should().BeFalse();
        result.Messages.Should().ContainSingle().Which.Should().StartWith("new schema cannot read data written with the latest schema: reader field 'host'");
    }

    [Fact]
    public void Check_Forward_LatestMustReadNew()
    {
        // Removing a field without default is forward-incompatible: the old reader needs it.
        SchemaCompatibility.Check(CompatibilityLevel.Forward, V1, [V2AddedNoDefault]).IsCompatible.Should().BeFalse();
        SchemaCompatibility.Check(CompatibilityLevel.Forward, V2AddedNoDefault, [V1]).IsCompatible.Should().BeTrue();
        SchemaCompatibility.Check(CompatibilityLevel.Full, V2AddedNoDefault, [V1]).IsCompatible.Should().BeFalse();
        SchemaCompatibility.Check(CompatibilityLevel.Full, V2AddedWithDefault, [V1]).IsCompatible.Should().BeTrue();
    }

    [Fact]
    public void Check_Transitive_ChecksAllNotJustLatest()
    {
        var v3 = Record("""{"name":"a","type":"int"},{"name":"host","type":"string"},{"name":"x","type":"int","default":0}""");
        IEnumerable<AvroSchema> history = [V2AddedWithDefault, V1];

        SchemaCompatibility.Check(CompatibilityLevel.Backward, v3, history).IsCompatible.Should().BeTrue();
        var transitive = SchemaCompatibility.Check(CompatibilityLevel.BackwardTransitive, v3, history);
        transitive.IsCompatible.Should().BeFalse();
        transitive.Messages.Should().ContainSingle().Which.Should().Contain("existing schema 1");
        SchemaCompatibility.Check(CompatibilityLevel.None, V2AddedNoDefault, history).IsCompatible.Should().BeTrue();
        SchemaCompatibility.Check(CompatibilityLevel.FullTransitive, v3, []).IsCompatible.Should().BeTrue();
    }
}
