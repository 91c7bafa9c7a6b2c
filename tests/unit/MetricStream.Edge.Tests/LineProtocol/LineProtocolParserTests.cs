using System.Text;
using MetricStream.Avro.Records;
using MetricStream.Edge.Ingest;
using MetricStream.Edge.LineProtocol;
using MetricStream.Edge.Tests.Support;

namespace MetricStream.Edge.Tests.LineProtocol;

public sealed class LineProtocolParserTests
{
    private const long DefaultTimestamp = 42;

    public static TheoryData<string, string> ValidLines => new()
    {
        // basic shape
        { "cpu value=1 100", "cpu  | value=1 | 100" },
        { "cpu,host=a,region=eu usage=1.5,n=3i 100", "cpu host=a,region=eu | usage=1.5 n=3i | 100" },
        { "cpu value=1", "cpu  | value=1 | 42" },
        { "温度,地点=東京 値=1 1", "温度 地点=東京 | 値=1 | 1" },
        // measurement escapes: comma and space; '=' and other backslashes are literal
        { @"my\ cpu\,x value=1 1", "my cpu,x  | value=1 | 1" },
        { "a=b value=1 1", "a=b  | value=1 | 1" },
        { @"a\b value=1 1", @"a\b  | value=1 | 1" },
        { @"a\=b value=1 1", @"a\=b  | value=1 | 1" },
        // tag key and value escapes: comma, equals, space
        { @"m,k\ 1\,\==v\ 2\,\= f=1 1", "m k 1,==v 2,= | f=1 | 1" },
        { @"m,k=a\b f=1 1", @"m k=a\b | f=1 | 1" },
        { "m,k=#x f=1 1", "m k=#x | f=1 | 1" },
        // field key escapes
        { @"m f\ 1\,\==1 1", "m  | f 1,==1 | 1" },
        // strings: \" and \\ are escapes; other backslashes literal; separators inside quotes are data
        { @"m s=""a \""q\"" \\ b"" 1", @"m  | s=""a ""q"" \ b"" | 1" },
        { @"m s=""a\nb"" 1", @"m  | s=""a\nb"" | 1" },
        { @"m s=""x, y=z 1"" 1", @"m  | s=""x, y=z 1"" | 1" },
        { @"m s="""" 1", @"m  | s="""" | 1" },
        { @"m s=""\\"" 1", @"m  | s=""\"" | 1" },
        // integers and unsigned integers at their limits
        { "m i=-9223372036854775808i 1", "m  | i=-9223372036854775808i | 1" },
        { "m i=9223372036854775807i 1", "m  | i=9223372036854775807i | 1" },
        { "m i=007i 1", "m  | i=7i | 1" },
        { "m u=9223372036854775807u 1", "m  | u=9223372036854775807i | 1" },
        { "m u=0u 1", "m  | u=0i | 1" },
        // booleans, every spelling
        { "m b=t 1", "m  | b=true | 1" },
        { "m b=T 1", "m  | b=true | 1" },
        { "m b=true 1", "m  | b=true | 1" },
        { "m b=True 1", "m  | b=true | 1" },
        { "m b=TRUE 1", "m  | b=true | 1" },
        { "m b=f 1", "m  | b=false | 1" },
        { "m b=F 1", "m  | b=false | 1" },
        { "m b=false 1", "m  | b=false | 1" },
        { "m b=False 1", "m  | b=false | 1" },
        { "m b=FALSE 1", "m  | b=false | 1" },
        // floats
        { "m f=-1.5 1", "m  | f=-1.5 | 1" },
        { "m f=1e9 1", "m  | f=1000000000 | 1" },
        { "m f=1E-3 1", "m  | f=0.001 | 1" },
        { "m f=1.5e+10 1", "m  | f=15000000000 | 1" },
        { "m f=.5 1", "m  | f=0.5 | 1" },
        { "m f=1. 1", "m  | f=1 | 1" },
        { "m f=-0 1", "m  | f=-0 | 1" },
        { "m f=1.7976931348623157e308 1", "m  | f=1.7976931348623157E+308 | 1" },
        // whitespace: trailing, tabs, CR, leading, several spaces between sections
        { "m f=1 1   \t", "m  | f=1 | 1" },
        { "m f=1 1\r", "m  | f=1 | 1" },
        { "m f=1\r", "m  | f=1 | 42" },
        { "  \tm f=1 1", "m  | f=1 | 1" },
        { "m  f=1   1", "m  | f=1 | 1" },
        { "m,t=1  f=1", "m t=1 | f=1 | 42" },
        // a repeated field keeps its last value
        { "m f=1,f=2i 1", "m  | f=2i | 1" },
        // timestamps: negative, zero
        { "m f=1 -5", "m  | f=1 | -5" },
        { "m f=1 0", "m  | f=1 | 0" },
    };

    public static TheoryData<string, string> InvalidLines => new()
    {
        { "cpu", "missing fields" },
        { "cpu,host=a", "missing fields" },
        { ",t=1 f=1", "missing measurement" },
        { " ,t=1 f=1", "missing measurement" },
        { "cpu,host f=1", "tag key 'host' has no value" },
        { "cpu,host f=1", "has no value" },
        { "cpu,host= f=1", "tag 'host' has no value" },
        { "cpu,=a f=1", "missing tag key" },
        { "cpu, f=1", "missing tag key" },
        { "cpu,a=b=c f=1", "unescaped '=' in the value of tag 'a'" },
        { "cpu f", "field 'f' has no value" },
        { "cpu f=", "field 'f' has no value" },
        { "cpu f= 1", "field 'f' has no value" },
        { "cpu f=,g=1", "field 'f' has no value" },
        { "cpu =1", "missing field key" },
        { "cpu f=1,", "missing field key" },
        { "cpu f=1,,g=2", "missing field key" },
        { "cpu f=1,g", "field 'g' has no value" },
        { @"cpu f=""abc", "unterminated string value of field 'f'" },
        { @"cpu f=""abc\""", "unterminated string value of field 'f'" },
        { @"cpu f=""a""x 1", "unexpected character after the string value of field 'f'" },
        { "cpu f=abc", "invalid field value 'abc' in field 'f'" },
        { "cpu f=1.2.3", "invalid field value" },
        { "cpu f=+1", "invalid field value" },
        { "cpu f=NaN", "invalid field value" },
        { "cpu f=Inf", "invalid field value" },
        { "cpu f=-Inf", "invalid field value" },
        { "cpu f=1e", "invalid field value" },
        { "cpu f=1e+", "invalid field value" },
        { "cpu f=-", "invalid field value" },
        { "cpu f=.", "invalid field value" },
        { "cpu f=0x10", "invalid field value" },
        { "cpu f=tru", "invalid field value" },
        { "cpu f=yes", "invalid field value" },
        { "cpu f=1e400", "float out of range" },
        { "cpu f=-1e400", "float out of range" },
        { "cpu f=9223372036854775808i", "integer out of range" },
        { "cpu f=-9223372036854775809i", "integer out of range" },
        { "cpu f=1.5i", "invalid integer" },
        { "cpu f=i", "invalid field value" },
        { "cpu f=-i", "invalid integer" },
        { "cpu f=--1i", "invalid integer" },
        { "cpu f=-1u", "invalid unsigned integer" },
        { "cpu f=1.0u", "invalid unsigned integer" },
        { "cpu f=18446744073709551616u", "unsigned integer out of range" },
        { "cpu f=9223372036854775808u", "unsigned integer above 9223372036854775807" },
        { "cpu f=1 abc", "invalid timestamp 'abc'" },
        { "cpu f=1 1.5", "invalid timestamp" },
        { "cpu f=1 1 2", "unexpected text after the timestamp" },
        { "cpu f=1 99999999999999999999", "invalid timestamp" },
        { "cpu f=1 --1", "invalid timestamp" },
    };

    [Theory]
    [MemberData(nameof(ValidLines))]
    public void Parse_ValidLine_ProducesThePoint(string line, string expected)
    {
        var sink = Parse(line);

        sink.Errors.Should().BeEmpty();
        Points.Describe(sink.Single).Should().Be(expected);
    }

    [Theory]
    [MemberData(nameof(InvalidLines))]
    public void Parse_InvalidLine_ReportsTheReasonWithLineNumber(string line, string reason)
    {
        var sink = Parse("ok f=1 1\n" + line + "\nok f=2 2");

        sink.Errors.Should().ContainSingle().Which.Should().Match<(int Item, string Reason)>(e => e.Item == 2 && e.Reason.Contains(reason));
        sink.Points.Select(p => p.Item).Should().Equal(1, 3);
    }

    [Theory]
    [InlineData(TimestampPrecision.Nanoseconds, 5L)]
    [InlineData(TimestampPrecision.Microseconds, 5_000L)]
    [InlineData(TimestampPrecision.Milliseconds, 5_000_000L)]
    [InlineData(TimestampPrecision.Seconds, 5_000_000_000L)]
    [InlineData(TimestampPrecision.Minutes, 300_000_000_000L)]
    [InlineData(TimestampPrecision.Hours, 18_000_000_000_000L)]
    public void Parse_Precision_ScalesTimestampToNanoseconds(TimestampPrecision precision, long expected)
    {
        Parse("m f=1 5", precision).Single.TimestampNanos.Should().Be(expected);
    }

    [Fact]
    public void Parse_TimestampOverflowingAtPrecision_IsRejected()
    {
        var sink = Parse("m f=1 9223372036855", TimestampPrecision.Seconds);

        sink.Errors.Should().ContainSingle().Which.Reason.Should().Contain("out of range");
    }

    [Fact]
    public void Parse_LineWithoutTimestamp_GetsTheDefaultEvenAtCoarsePrecision()
    {
        Parse("m f=1", TimestampPrecision.Seconds).Single.TimestampNanos.Should().Be(DefaultTimestamp);
    }

    [Fact]
    public void Parse_CommentsBlankLinesAndCrlf_AreSkippedAndLinesNumberedPhysically()
    {
        var body = "# a comment\r\n\r\n   \n  # indented comment\na f=1 1\r\n\r\nb f=2 2\r\n#last";

        var sink = Parse(body);

        sink.Errors.Should().BeEmpty();
        sink.Points.Select(p => (p.Item, p.Point.Measurement)).Should().Equal((5, "a"), (7, "b"));
    }

    [Fact]
    public void Parse_EmptyBody_ReportsNothing()
    {
        var sink = Parse(string.Empty);

        sink.Points.Should().BeEmpty();
        sink.Errors.Should().BeEmpty();
    }

    [Fact]
    public void Parse_LastLineWithoutNewline_IsParsed()
    {
        Parse("a f=1 1\nb f=2 2").Points.Should().HaveCount(2);
    }

    [Fact]
    public void Parse_InvalidUtf8_RejectsOnlyThatLine()
    {
        var body = Encoding.UTF8.GetBytes("a f=1 1\n").Concat(new byte[] { (byte)'b', 0xC3, 0x28, (byte)' ', (byte)'f', (byte)'=', (byte)'1' })
            .Concat(Encoding.UTF8.GetBytes("\nc f=1 1")).ToArray();
        var sink = new RecordingSink();

        new LineProtocolParser().Parse(body, TimestampPrecision.Nanoseconds, DefaultTimestamp, sink);

        sink.Errors.Should().Equal((2, "line is not valid UTF-8"));
        sink.Points.Select(p => p.Point.Measurement).Should().Equal("a", "c");
    }

    [Fact]
    public void Parse_LineLongerThanLimit_IsRejectedWithoutParsing()
    {
        var sink = new RecordingSink();
        var body = Encoding.UTF8.GetBytes("a f=1 1\nm s=\"" + new string('x', 100) + "\" 1\nb f=1 1");

        new LineProtocolParser(maxLineBytes: 50).Parse(body, TimestampPrecision.Nanoseconds, DefaultTimestamp, sink);

        sink.Errors.Should().ContainSingle().Which.Should().Be((2, "line is 108 bytes, longer than the limit of 50"));
        sink.Points.Should().HaveCount(2);
    }

    [Fact]
    public void Parse_LineExactlyAtLimit_IsAccepted()
    {
        var sink = new RecordingSink();

        new LineProtocolParser(maxLineBytes: 7).Parse("m f=1 1"u8, TimestampPrecision.Nanoseconds, DefaultTimestamp, sink);

        sink.Single.Measurement.Should().Be("m");
    }

    [Fact]
    public void Parse_ErrorReasonQuotingHugeToken_IsShortened()
    {
        var sink = Parse("m f=" + new string('z', 5_000));

        sink.Errors.Should().ContainSingle().Which.Reason.Length.Should().BeLessThan(200);
    }

    [Fact]
    public void Parse_ManyLines_ReusesNothingAcrossPoints()
    {
        var body = string.Join('\n', Enumerable.Range(0, 1_000).Select(i => $"m,host=h{i % 7} v={i}i {i}"));

        var sink = Parse(body);

        sink.Points.Should().HaveCount(1_000);
        sink.Points.Select(p => p.Point.Fields[0].Value.AsLong).Should().Equal(Enumerable.Range(0, 1_000).Select(i => (long)i));
        sink.Points.Select(p => p.Point.Tags[0].Value).Should().Equal(Enumerable.Range(0, 1_000).Select(i => $"h{i % 7}"));
    }

    [Fact]
    public void Parse_FieldKinds_AreTyped()
    {
        var point = Parse(@"m f=1.5,i=2i,u=3u,b=t,s=""x"" 1").Single;

        point.Fields.Select(f => f.Value.Kind).Should().Equal(
            FieldValueKind.Double, FieldValueKind.Long, FieldValueKind.Long, FieldValueKind.Boolean, FieldValueKind.String);
    }

    internal static RecordingSink Parse(string body, TimestampPrecision precision = TimestampPrecision.Nanoseconds)
    {
        var sink = new RecordingSink();
        new LineProtocolParser().Parse(Encoding.UTF8.GetBytes(body), precision, DefaultTimestamp, sink);
        return sink;
    }
}
