using System.Text;
using MetricStream.Avro.Records;
using MetricStream.Edge.Ingest;
using MetricStream.Edge.LineProtocol;
using MetricStream.Edge.Tests.Support;

namespace MetricStream.Edge.Tests.LineProtocol;

/// <summary>Property: any representable point survives format then parse unchanged.</summary>
public sealed class LineProtocolRoundTripTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void FormatThenParse_RandomPoints_GiveTheSamePoints(int seed)
    {
        var generator = new PointGenerator(seed);
        var points = Enumerable.Range(0, 2_000).Select(_ => generator.Next()).ToList();

        var body = LineProtocolFormatter.FormatBody(points);
        var sink = new RecordingSink();
        new LineProtocolParser().Parse(body, TimestampPrecision.Nanoseconds, 0, sink);

        sink.Errors.Should().BeEmpty();
        sink.Points.Should().HaveCount(points.Count);
        var lines = Encoding.UTF8.GetString(body).Split('\n');
        for (var i = 0; i < points.Count; i++)
        {
            var parsed = sink.Points[i];
            parsed.Item.Should().Be(i + 1);
            AssertSame(points[i], parsed.Point, lines[i]);
        }
    }

    [Theory]
    [InlineData(TimestampPrecision.Microseconds)]
    [InlineData(TimestampPrecision.Milliseconds)]
    [InlineData(TimestampPrecision.Seconds)]
    public void FormatThenParse_CoarsePrecision_KeepsTimestampsAtThatPrecision(TimestampPrecision precision)
    {
        var generator = new PointGenerator(7);
        var points = Enumerable.Range(0, 500).Select(_ => generator.Next()).ToList();
        foreach (var point in points)
        {
            point.TimestampNanos = point.TimestampNanos / (long)precision * (long)precision;
        }

        var sink = new RecordingSink();
        new LineProtocolParser().Parse(LineProtocolFormatter.FormatBody(points, precision), precision, 0, sink);

        sink.Errors.Should().BeEmpty();
        sink.Points.Select(p => p.Point.TimestampNanos).Should().Equal(points.Select(p => p.TimestampNanos));
    }

    [Theory]
    [InlineData("a\\")]
    [InlineData("a\\,b")]
    [InlineData("#a")]
    [InlineData("a\nb")]
    public void Format_UnrepresentableMeasurement_Throws(string measurement)
    {
        var point = new MetricPoint { Measurement = measurement }.AddField("f", 1.0);

        var format = () => LineProtocolFormatter.Format(new StringBuilder(), point);

        format.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Format_NaN_Throws()
    {
        var point = new MetricPoint { Measurement = "m" }.AddField("f", double.NaN);

        var format = () => LineProtocolFormatter.Format(new StringBuilder(), point);

        format.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Format_Point_WritesEscapedLine()
    {
        var point = new MetricPoint { Measurement = "c p,u", TimestampNanos = 7 }
            .AddTag("h o=st", "a,b")
            .AddField("v", 1.5).AddField("n", 2L).AddField("s", "q\"\\").AddField("b", true);
        var text = new StringBuilder();

        LineProtocolFormatter.Format(text, point);

        text.ToString().Should().Be(@"c\ p\,u,h\ o\=st=a\,b v=1.5,n=2i,s=""q\""\\"",b=true 7");
    }

    private static void AssertSame(MetricPoint expected, MetricPoint actual, string line)
    {
        // FieldValue equality compares doubles bit for bit, so -0.0 and subnormals must survive too.
        var same = actual.Measurement == expected.Measurement
            && actual.Tags.SequenceEqual(expected.Tags)
            && actual.Fields.SequenceEqual(expected.Fields)
            && actual.TimestampNanos == expected.TimestampNanos;
        same.Should().BeTrue($"line {line} should read back as {Points.Describe(expected)}, not {Points.Describe(actual)}");
    }
}

/// <summary>The parser's fast path for short decimals must give exactly what a full parse gives.</summary>
public sealed class LineProtocolFloatTests
{
    [Fact]
    public void Parse_ShortDecimals_EqualDoubleParseBitForBit()
    {
        var random = new Random(99);
        var texts = new List<string>();
        for (var i = 0; i < 50_000; i++)
        {
            var digits = random.Next(1, 16);
            var mantissa = new string(Enumerable.Range(0, digits).Select(_ => (char)('0' + random.Next(10))).ToArray());
            var point = random.Next(digits + 1);
            var text = point == digits ? mantissa : mantissa[..point] + "." + mantissa[point..];
            texts.Add(random.Next(2) == 0 ? text : "-" + text);
        }

        texts.AddRange(["0.1", "0.3", "123456789012345", "999999999999999", "0.000000000000001", "-0.0", "-0", "0", "1.", ".1"]);
        var body = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', texts.Select(t => "m v=" + t)));
        var sink = new RecordingSink();

        new LineProtocolParser().Parse(body, TimestampPrecision.Nanoseconds, 0, sink);

        sink.Errors.Should().BeEmpty();
        for (var i = 0; i < texts.Count; i++)
        {
            var expected = BitConverter.DoubleToInt64Bits(double.Parse(texts[i], System.Globalization.CultureInfo.InvariantCulture));
            BitConverter.DoubleToInt64Bits(sink.Points[i].Point.Fields[0].Value.AsDouble).Should().Be(expected, texts[i]);
        }
    }
}
