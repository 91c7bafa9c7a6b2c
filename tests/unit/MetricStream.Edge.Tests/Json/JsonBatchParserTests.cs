using System.Text;
using MetricStream.Avro.Records;
using MetricStream.Edge.Ingest;
using MetricStream.Edge.Json;
using MetricStream.Edge.Tests.Support;

namespace MetricStream.Edge.Tests.Json;

public sealed class JsonBatchParserTests
{
    private const long Now = 77;

    [Fact]
    public void Parse_ValueAndFieldsMetrics_GivePoints()
    {
        var sink = Parse("""
            { "metrics": [
                { "name": "cpu", "value": 0.5, "tags": { "host": "a", "dc": "x" }, "timestamp": "2024-05-01T12:00:00.123456789Z" },
                { "name": "disk", "fields": { "used": 1024, "ok": true, "state": "rw" }, "timestamp": 1714564800000 },
                { "name": "up", "value": 1 }
            ] }
            """);

        sink.Errors.Should().BeEmpty();
        sink.Points.Select(p => (p.Item, Points.Describe(p.Point))).Should().Equal(
            (1, "cpu host=a,dc=x | value=0.5 | 1714564800123456789"),
            (2, "disk  | used=1024 ok=true state=\"rw\" | 1714564800000000000"),
            (3, "up  | value=1 | 77"));
    }

    [Fact]
    public void Parse_Numbers_AreAlwaysDoubles()
    {
        var point = Parse("""{"metrics":[{"name":"m","fields":{"a":1,"b":-3,"c":1e3}}]}""").Single;

        point.Fields.Should().OnlyContain(f => f.Value.Kind == FieldValueKind.Double);
        point.Fields.Select(f => f.Value.AsDouble).Should().Equal(1, -3, 1000);
    }

    [Theory]
    [InlineData(TimestampPrecision.Seconds, "1714564800", 1_714_564_800_000_000_000L)]
    [InlineData(TimestampPrecision.Milliseconds, "1714564800000", 1_714_564_800_000_000_000L)]
    [InlineData(TimestampPrecision.Microseconds, "1714564800000001", 1_714_564_800_000_001_000L)]
    [InlineData(TimestampPrecision.Nanoseconds, "1714564800000000001", 1_714_564_800_000_000_001L)]
    [InlineData(TimestampPrecision.Seconds, "1714564800.25", 1_714_564_800_250_000_000L)]
    [InlineData(TimestampPrecision.Milliseconds, "-1", -1_000_000L)]
    public void Parse_NumericTimestamp_IsInRequestPrecision(TimestampPrecision precision, string timestamp, long expected)
    {
        var sink = Parse($$"""{"metrics":[{"name":"m","value":1,"timestamp":{{timestamp}}}]}""", precision);

        sink.Single.TimestampNanos.Should().Be(expected);
    }

    public static TheoryData<string, string> BadMetrics => new()
    {
        { """{"value":1}""", "missing \"name\"" },
        { """{"name":5,"value":1}""", "\"name\" must be a string" },
        { """{"name":"m"}""", "exactly one of \"value\" and \"fields\"" },
        { """{"name":"m","value":1,"fields":{"a":1}}""", "exactly one of \"value\" and \"fields\"" },
        { """{"name":"m","value":null}""", "value of field 'value' must be a number, boolean or string" },
        { """{"name":"m","value":[1]}""", "must be a number, boolean or string" },
        { """{"name":"m","value":{"x":{"y":1}}}""", "must be a number, boolean or string" },
        { """{"name":"m","value":1e999}""", "out of range" },
        { """{"name":"m","fields":{}}""", "\"fields\" is empty" },
        { """{"name":"m","fields":[1]}""", "\"fields\" must be an object" },
        { """{"name":"m","fields":{"a":{"deep":[1,2]},"b":1}}""", "value of field 'a' must be" },
        { """{"name":"m","value":1,"tags":{"k":1}}""", "tag 'k' must have a string value" },
        { """{"name":"m","value":1,"tags":[]}""", "\"tags\" must be an object" },
        { """{"name":"m","value":1,"timestamp":"yesterday"}""", "timestamp 'yesterday' is not an RFC 3339 date-time" },
        { """{"name":"m","value":1,"timestamp":true}""", "timestamp must be a string or a number" },
        { """{"name":"m","value":1,"timestamp":1e300}""", "timestamp is out of range" },
        { """{"name":"m","value":1,"timestamp":9223372036854775807}""", "timestamp is out of range" },
        { "[1]", "a metric must be a JSON object" },
        { "\"x\"", "a metric must be a JSON object" },
    };

    [Theory]
    [MemberData(nameof(BadMetrics))]
    public void Parse_BadMetric_IsRejectedAloneWithItsIndex(string metric, string reason)
    {
        var sink = Parse($$"""{"metrics":[{"name":"a","value":1},{{metric}},{"name":"b","value":2}]}""");

        sink.Errors.Should().ContainSingle().Which.Should().Match<(int Item, string Reason)>(e => e.Item == 2 && e.Reason.Contains(reason));
        sink.Points.Select(p => (p.Item, p.Point.Measurement)).Should().Equal((1, "a"), (3, "b"));
    }

    [Theory]
    [InlineData("""{"metrics":[{"name":"a","value":1}""", 1)]
    [InlineData("{\n\"metrics\": [\n{\"name\":\"a\",\"value\":1},\n{\"name\":\"b\" \"value\":1}]}", 4)]
    [InlineData("not json", 1)]
    [InlineData("""{"metrics":[{"name":"a","value":1}]} trailing""", 1)]
    public void Parse_MalformedJson_RejectsWholeBodyWithoutPoints(string body, int line)
    {
        var sink = Parse(body);

        sink.Points.Should().BeEmpty();
        sink.Errors.Should().ContainSingle().Which.Should().Match<(int Item, string Reason)>(e => e.Item == line && e.Reason.StartsWith("invalid JSON"));
    }

    [Theory]
    [InlineData("""[{"name":"a","value":1}]""")]
    [InlineData("""{"points":[]}""")]
    [InlineData("""{"metrics":{}}""")]
    public void Parse_WrongShape_IsRejectedWhole(string body)
    {
        var sink = Parse(body);

        sink.Points.Should().BeEmpty();
        sink.Errors.Should().Equal((0, "the body must be a JSON object with a \"metrics\" array"));
    }

    [Fact]
    public void Parse_UnknownMembersAndEscapedNames_AreHandled()
    {
        var point = Parse("""{"version":2,"metrics":[{"extra":{"a":[1]},"n\u0061me":"m\u00e9","value":true,"tags":{"k\"":"v"}}]}""").Single;

        point.Measurement.Should().Be("mé");
        point.Fields.Should().Equal(new MetricField("value", true));
        point.Tags.Should().Equal(new Tag("k\"", "v"));
    }

    [Fact]
    public void Parse_DeeplyNestedBody_IsRejectedNotCrashing()
    {
        var body = """{"metrics":[""" + new string('[', 10_000) + new string(']', 10_000) + "]}";

        var sink = Parse(body);

        sink.Errors.Should().ContainSingle().Which.Reason.Should().StartWith("invalid JSON");
    }

    private static RecordingSink Parse(string body, TimestampPrecision precision = TimestampPrecision.Milliseconds)
    {
        var sink = new RecordingSink();
        JsonBatchParser.Parse(Encoding.UTF8.GetBytes(body), precision, Now, sink);
        return sink;
    }
}
