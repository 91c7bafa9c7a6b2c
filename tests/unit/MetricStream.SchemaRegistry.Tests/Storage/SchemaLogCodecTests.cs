using System.Text;
using MetricStream.Avro.Compatibility;
using MetricStream.SchemaRegistry.Storage.Internal;

namespace MetricStream.SchemaRegistry.Tests.Storage;

public class SchemaLogCodecTests
{
    private static readonly SchemaLogRecord[] Records =
    [
        new SchemaVersionRecord("a-value", 1, 1, """{"type":"record","name":"R","fields":[]}"""),
        new SchemaVersionRecord("a-value", 3, 12, "\"long\"", Deleted: true),
        new ConfigRecord(null, CompatibilityLevel.None),
        new ConfigRecord("a-value", CompatibilityLevel.Forward),
        new ConfigRecord("a-value", null),
    ];

    [Fact]
    public void Encode_SchemaVersion_WritesConfluentKeyAndValueJson()
    {
        var (key, value) = SchemaLogCodec.Encode(new SchemaVersionRecord("metrics-value", 2, 17, """{"type":"string"}"""));

        Encoding.UTF8.GetString(key).Should().Be("""{"keytype":"SCHEMA","subject":"metrics-value","version":2,"magic":1}""");
        Encoding.UTF8.GetString(value!).Should().Be(
            """{"subject":"metrics-value","version":2,"id":17,"schema":"{\"type\":\"string\"}","deleted":false}""");
    }

    [Fact]
    public void Encode_SameVersionTwice_GivesIdenticalKeyBytesForCompaction()
    {
        var live = SchemaLogCodec.Encode(new SchemaVersionRecord("s", 1, 1, "\"int\""));
        var deleted = SchemaLogCodec.Encode(new SchemaVersionRecord("s", 1, 1, "\"int\"", Deleted: true));

        deleted.Key.Should().Equal(live.Key);
        Encoding.UTF8.GetString(deleted.Value!).Should().EndWith("\"deleted\":true}");
    }

    [Fact]
    public void Encode_GlobalConfig_HasNullSubjectInTheKey()
    {
        var (key, value) = SchemaLogCodec.Encode(new ConfigRecord(null, CompatibilityLevel.FullTransitive));

        Encoding.UTF8.GetString(key).Should().Be("""{"keytype":"CONFIG","subject":null,"magic":0}""");
        Encoding.UTF8.GetString(value!).Should().Be("""{"compatibilityLevel":"FULL_TRANSITIVE"}""");
    }

    [Fact]
    public void Encode_RemovedSubjectConfig_IsATombstone()
    {
        var (key, value) = SchemaLogCodec.Encode(new ConfigRecord("s", null));

        Encoding.UTF8.GetString(key).Should().Be("""{"keytype":"CONFIG","subject":"s","magic":0}""");
        value.Should().BeNull();
    }

    [Fact]
    public void Encode_Noop_IsConfluentsNoopKeyWithNullValueAndDecodesToNothing()
    {
        var (key, value) = SchemaLogCodec.Encode(new NoopRecord());

        Encoding.UTF8.GetString(key).Should().Be("""{"keytype":"NOOP","magic":0}""");
        value.Should().BeNull();
        SchemaLogCodec.Decode(key, value).Should().BeNull();
    }

    [Fact]
    public void Encode_NonAsciiSchemaDoc_IsKeptReadable()
    {
        var (_, value) = SchemaLogCodec.Encode(new SchemaVersionRecord("s", 1, 1, """{"type":"string","doc":"température <°C>"}"""));

        Encoding.UTF8.GetString(value!).Should().Contain("température <°C>");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Decode_EncodedRecord_RoundTrips(int index)
    {
        var record = Records[index];
        var (key, value) = SchemaLogCodec.Encode(record);

        SchemaLogCodec.Decode(key, value).Should().Be(record);
    }

    [Fact]
    public void Decode_SchemaKeyWithNullValue_IsAHardDeleteTombstone()
    {
        var key = Encoding.UTF8.GetBytes("""{"keytype":"SCHEMA","subject":"s","version":4,"magic":1}""");

        SchemaLogCodec.Decode(key, null).Should().Be(new SchemaVersionTombstone("s", 4));
    }

    [Fact]
    public void Decode_ConfluentDeleteSubject_IsReadAsSoftDeleteUpToTheVersion()
    {
        var key = Encoding.UTF8.GetBytes("""{"keytype":"DELETE_SUBJECT","subject":"s","magic":0}""");
        var value = Encoding.UTF8.GetBytes("""{"subject":"s","version":3}""");

        SchemaLogCodec.Decode(key, value).Should().Be(new SubjectDeletedRecord("s", 3));
    }

    [Fact]
    public void Decode_NoopKey_IsSkipped()
    {
        var key = Encoding.UTF8.GetBytes("""{"keytype":"NOOP","magic":0}""");

        SchemaLogCodec.Decode(key, null).Should().BeNull();
    }

    [Fact]
    public void Decode_NonAvroSchemaType_IsRefused()
    {
        var key = Encoding.UTF8.GetBytes("""{"keytype":"SCHEMA","subject":"s","version":1,"magic":1}""");
        var value = Encoding.UTF8.GetBytes("""{"subject":"s","version":1,"id":1,"schemaType":"PROTOBUF","schema":"syntax = \"proto3\";"}""");

        var act = () => SchemaLogCodec.Decode(key, value);

        act.Should().Throw<InvalidDataException>().WithMessage("*PROTOBUF*");
    }

    [Theory]
    [InlineData("not json", null)]
    [InlineData("""{"subject":"s"}""", null)]
    [InlineData("""{"keytype":"SCHEMA","subject":"s","version":1}""", """{"subject":"s"}""")]
    [InlineData("""{"keytype":"CONFIG","subject":null}""", """{"compatibilityLevel":"SOMETIMES"}""")]
    public void Decode_Malformed_ThrowsInvalidDataException(string key, string? value)
    {
        var act = () => SchemaLogCodec.Decode(Encoding.UTF8.GetBytes(key), value is null ? null : Encoding.UTF8.GetBytes(value));

        act.Should().Throw<InvalidDataException>().WithMessage("Not a schema registry log record:*");
    }
}
