using MetricStream.Avro.Records;
using MetricStream.Edge.Ingest;
using MetricStream.Edge.LineProtocol;
using MetricStream.Edge.Validation;

namespace MetricStream.Edge.Tests.Validation;

public sealed class PointValidatorTests
{
    private const long Now = 1_700_000_000_000_000_000;

    private static readonly IngestLimits Limits = new()
    {
        MaxTagsPerPoint = 3,
        MaxFieldsPerPoint = 2,
        MaxNameBytes = 8,
        MaxTagValueBytes = 6,
        MaxStringFieldBytes = 5,
        MaxTimestampAge = TimeSpan.FromHours(1),
        MaxTimestampAhead = TimeSpan.FromMinutes(10),
    };

    public static TheoryData<string, string> Rejected => new()
    {
        { "m,a=1,b=2,c=3,d=4 f=1", "4 tags, more than the limit of 3" },
        { "m f=1,g=2,h=3", "3 fields, more than the limit of 2" },
        { "measurement9 f=1", "measurement 'measurement9' is longer than 8 bytes" },
        { "m,tagkey123=1 f=1", "tag key 'tagkey123' is longer than 8 bytes" },
        { "m fieldkey9=1", "field key 'fieldkey9' is longer than 8 bytes" },
        { "m,t=abcdefg f=1", "value of tag 't' is longer than 6 bytes" },
        { "m,t=ééé1 f=1", "value of tag 't' is longer than 6 bytes" },
        { "m s=\"abcdef\"", "string value of field 's' is longer than 5 bytes" },
        { "m,time=1 f=1", "tag key 'time' is reserved" },
        { "m time=1", "field key 'time' is reserved" },
        { "m,b=1,a=2,b=3 f=1", "duplicate tag key 'b'" },
        { "m\u0001 f=1", "measurement 'm\u0001' contains a control character" },
        { "m,t=a\u007fb f=1", "value of tag 't' contains a control character" },
        { "m,k\u001b=v f=1", "tag key 'k\u001b' contains a control character" },
        { "m f=1 1699996399999999999", "is more than 01:00:00 before now" },
        { "m f=1 1700000600000000001", "is more than 00:10:00 after now" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Validate_PointBreakingARule_IsRejectedWithReason(string line, string reason)
    {
        var validator = new PointValidator(Limits);

        validator.Validate(ParseOne(line), Now).Should().Contain(reason);
    }

    [Theory]
    [InlineData("m,a=1,b=2,c=3 f=1,g=2")]
    [InlineData("measure8,tagkey12=abcdef fieldke8=1")]
    [InlineData("m,t=ééé s=\"abcde\"")]
    [InlineData("m f=1 1699996400000000000")]
    [InlineData("m f=1 1700000600000000000")]
    [InlineData("m,tenant=spoof f=1")]
    public void Validate_PointAtTheLimits_IsAccepted(string line)
    {
        new PointValidator(Limits).Validate(ParseOne(line), Now).Should().BeNull();
    }

    [Fact]
    public void Validate_UnsortedTags_SortsThemByCodePoint()
    {
        var point = new MetricPoint { Measurement = "m", TimestampNanos = Now }
            .AddTag("z", "1").AddTag("\uFFFD", "2").AddTag("😀", "3").AddTag("a", "4").AddField("f", 1.0);

        new PointValidator(IngestLimits.Default).Validate(point, Now).Should().BeNull();

        point.Tags.Select(t => t.Key).Should().Equal("a", "z", "\uFFFD", "😀");
    }

    [Fact]
    public void Validate_PointWithoutFields_IsRejected()
    {
        var point = new MetricPoint { Measurement = "m", TimestampNanos = Now };

        new PointValidator(IngestLimits.Default).Validate(point, Now).Should().Be("no fields");
    }

    [Fact]
    public void Validate_EmptyTagValueFromAnotherFormat_IsRejected()
    {
        var point = new MetricPoint { Measurement = "m", TimestampNanos = Now }.AddTag("k", string.Empty).AddField("f", 1.0);

        new PointValidator(IngestLimits.Default).Validate(point, Now).Should().Be("tag 'k' has an empty value");
    }

    [Fact]
    public void Collector_MixedBody_CountsAndKeepsFirstErrorsOnly()
    {
        var validator = new PointValidator(Limits with { MaxErrorsReported = 2 });
        var collector = new PointCollector(validator, Now);
        var body = "a f=1\nbad\nb,time=1 f=1\nc f=1\nnope\n";

        new LineProtocolParser().Parse(System.Text.Encoding.UTF8.GetBytes(body), TimestampPrecision.Nanoseconds, Now, collector);

        collector.Accepted.Should().Be(2);
        collector.Rejected.Should().Be(3);
        collector.Errors.Should().Equal(new IngestError(2, "missing fields"), new IngestError(3, "tag key 'time' is reserved"));
        collector.Points.Select(p => p.Measurement).Should().Equal("a", "c");
    }

    [Fact]
    public void Limits_NonPositive_AreRefused()
    {
        var create = () => new PointValidator(IngestLimits.Default with { MaxLineBytes = 0 });

        create.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("MaxLineBytes");
    }

    private static MetricPoint ParseOne(string line)
    {
        var sink = new Support.RecordingSink();
        new LineProtocolParser().Parse(System.Text.Encoding.UTF8.GetBytes(line), TimestampPrecision.Nanoseconds, Now, sink);
        return sink.Single;
    }
}
