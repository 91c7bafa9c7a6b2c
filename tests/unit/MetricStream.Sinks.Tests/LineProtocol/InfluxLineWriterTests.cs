using System.Text;
using MetricStream.Avro.Records;
using MetricStream.Sinks.LineProtocol;

namespace MetricStream.Sinks.Tests.LineProtocol;

public sealed class InfluxLineWriterTests
{
    public static TheoryData<string, string[], string> Escaping => new()
    {
        // measurement, tag key/value pairs, expected line (tenant "t", field value=1.5, timestamp 7)
        { "cpu", [], "cpu,tenant=t value=1.5 7" },
        { "cpu load", [], @"cpu\ load,tenant=t value=1.5 7" },
        { "a,b", [], @"a\,b,tenant=t value=1.5 7" },
        { "m=x", [], "m=x,tenant=t value=1.5 7" },
        { "m", ["host name", "a b"], @"m,host\ name=a\ b,tenant=t value=1.5 7" },
        { "m", ["k,=", "v,=x"], @"m,k\,\==v\,\=x,tenant=t value=1.5 7" },
        { "m", ["path", @"C:\dir"], @"m,path=C:\dir,tenant=t value=1.5 7" },
        { "m", ["q", "\"quoted\""], "m,q=\"quoted\",tenant=t value=1.5 7" },
        { "m", ["u", "héllo ✓"], @"m,u=héllo\ ✓,tenant=t value=1.5 7" },
        { "m", ["empty", ""], "m,tenant=t value=1.5 7" },
        { "m", ["tenant", "spoofed"], "m,tenant=t value=1.5 7" },
    };

    public static TheoryData<string, FieldValue, string> Fields => new()
    {
        { "f", FieldValue.Of(1.0), "m,tenant=t f=1 7" },
        { "f", FieldValue.Of(-0.000123), "m,tenant=t f=-0.000123 7" },
        { "f", FieldValue.Of(1e300), "m,tenant=t f=1E+300 7" },
        { "f", FieldValue.Of(0.1), "m,tenant=t f=0.1 7" },
        { "i", FieldValue.Of(-42L), "m,tenant=t i=-42i 7" },
        { "i", FieldValue.Of(long.MaxValue), "m,tenant=t i=9223372036854775807i 7" },
        { "b", FieldValue.Of(true), "m,tenant=t b=true 7" },
        { "b", FieldValue.Of(false), "m,tenant=t b=false 7" },
        { "s", FieldValue.Of("say \"hi\" \\ bye"), "m,tenant=t s=\"say \\\"hi\\\" \\\\ bye\" 7" },
        { "s", FieldValue.Of("a,b=c d"), "m,tenant=t s=\"a,b=c d\" 7" },
        { "field key", FieldValue.Of(1L), @"m,tenant=t field\ key=1i 7" },
        { "k,=", FieldValue.Of(1L), @"m,tenant=t k\,\==1i 7" },
    };

    public static TheoryData<string, string, string> Unwritable => new()
    {
        { "", "v", "empty measurement" },
        { "#comment", "v", "comment" },
        { "m", "line\nfeed", "line feed" },
        { "m", @"ends\", "backslash" },
        { "m", @"a\,b", "backslash" },
        { "m\n", "v", "line feed" },
    };

    [Theory]
    [MemberData(nameof(Escaping))]
    public void TryWrite_EscapesMeasurementAndTags(string measurement, string[] tags, string expected)
    {
        var point = new MetricPoint { Measurement = measurement, TimestampNanos = 7 };
        for (var i = 0; i < tags.Length; i += 2)
        {
            point.AddTag(tags[i], tags[i + 1]);
        }

        point.AddField("value", 1.5);
        Format(point).Should().Be(expected + "\n");
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void TryWrite_WritesFieldTypes(string name, FieldValue value, string expected)
    {
        var point = new MetricPoint { Measurement = "m", TimestampNanos = 7 };
        point.AddField(name, value);
        Format(point).Should().Be(expected + "\n");
    }

    [Theory]
    [MemberData(nameof(Unwritable))]
    public void TryWrite_RefusesWhatLineProtocolCannotCarry_AndLeavesTheBufferAsItWas(string measurement, string tagValue, string reason)
    {
        using var buffer = new LineBuffer();
        buffer.Append("previous\n"u8);
        var point = new MetricPoint { Measurement = measurement, TimestampNanos = 7 };
        point.AddTag("k", tagValue).AddField("value", 1.0);

        var error = InfluxLineWriter.TryWrite(buffer, point, "t");

        error.Should().Contain(reason);
        Encoding.UTF8.GetString(buffer.WrittenSpan).Should().Be("previous\n");
    }

    [Fact]
    public void TryWrite_LeavesOutNaNFields_AndRefusesAPointWithOnlyNaN()
    {
        var point = new MetricPoint { Measurement = "m", TimestampNanos = 7 };
        point.AddField("nan", double.NaN).AddField("inf", double.PositiveInfinity).AddField("ok", 2L);
        Format(point).Should().Be("m,tenant=t ok=2i 7\n");

        using var buffer = new LineBuffer();
        point.Fields.RemoveAt(2);
        InfluxLineWriter.TryWrite(buffer, point, "t").Should().Contain("no field");
        buffer.Length.Should().Be(0);
    }

    [Fact]
    public void TryWrite_Aggregate_HasFieldTagRollupFieldsAndWindowStart()
    {
        var aggregate = new WindowAggregate
        {
            Measurement = "cpu", Field = "usage idle", WindowStart = DateTimeOffset.FromUnixTimeSeconds(60), WindowEnd = DateTimeOffset.FromUnixTimeSeconds(120),
            Count = 3, Sum = 6, Min = 1, Max = 3, Mean = 2, Last = 3, P50 = 2, P95 = 3, P99 = double.NaN,
        };
        aggregate.Tags.Add(new Tag("host", "a"));
        aggregate.Tags.Add(new Tag("field", "spoofed"));
        using var buffer = new LineBuffer();

        InfluxLineWriter.TryWrite(buffer, aggregate, "acme").Should().BeNull();

        Encoding.UTF8.GetString(buffer.WrittenSpan).Should().Be(
            @"cpu,host=a,field=usage\ idle,tenant=acme count=3i,sum=6,min=1,max=3,mean=2,last=3,p50=2,p95=3 60000000000" + "\n");
    }

    [Fact]
    public void TryWrite_ManyLines_GrowTheBuffer()
    {
        using var buffer = new LineBuffer(256);
        var point = new MetricPoint { Measurement = "m", TimestampNanos = 1 };
        point.AddTag("host", new string('h', 100)).AddField("value", 1.0);
        for (var i = 0; i < 1000; i++)
        {
            InfluxLineWriter.TryWrite(buffer, point, "t").Should().BeNull();
        }

        Encoding.UTF8.GetString(buffer.WrittenSpan).Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(1000).And.OnlyContain(l => l.EndsWith(" value=1 1", StringComparison.Ordinal));
    }

    private static string Format(MetricPoint point)
    {
        using var buffer = new LineBuffer();
        InfluxLineWriter.TryWrite(buffer, point, "t").Should().BeNull();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
