using MetricStream.Avro.Records;
using MetricStream.Edge.RemoteWrite;
using MetricStream.Edge.Tests.Support;

namespace MetricStream.Edge.Tests.RemoteWrite;

public sealed class RemoteWriteDecoderTests
{
    [Fact]
    public void Decode_Series_GivesOnePointPerSample()
    {
        var body = RemoteWriteEncoder.WriteRequest(
            new TestSeries([("__name__", "up"), ("job", "node"), ("instance", "a:9100")], [(1, 1_700_000_000_000), (0, 1_700_000_015_000)]),
            new TestSeries([("instance", "b"), ("__name__", "http_requests_total")], [(12.5, -1)]));
        var sink = new RecordingSink();

        RemoteWriteDecoder.Decode(body, sink);

        sink.Errors.Should().BeEmpty();
        sink.Points.Select(p => (p.Item, Points.Describe(p.Point))).Should().Equal(
            (1, "up job=node,instance=a:9100 | value=1 | 1700000000000000000"),
            (1, "up job=node,instance=a:9100 | value=0 | 1700000015000000000"),
            (2, "http_requests_total instance=b | value=12.5 | -1000000"));
        sink.Points.Should().OnlyContain(p => p.Point.Fields.Single().Value.Kind == FieldValueKind.Double);
    }

    [Fact]
    public void Decode_SeriesWithoutName_IsRejectedAndOthersKept()
    {
        var body = RemoteWriteEncoder.WriteRequest(
            new TestSeries([("job", "x")], [(1, 1)]),
            new TestSeries([("__name__", "ok")], [(2, 2)]));
        var sink = new RecordingSink();

        RemoteWriteDecoder.Decode(body, sink);

        sink.Errors.Should().Equal((1, "time series has no __name__ label"));
        sink.Points.Should().ContainSingle().Which.Item.Should().Be(2);
    }

    [Fact]
    public void Decode_EmptyLabelValue_DropsTheLabel()
    {
        var body = RemoteWriteEncoder.WriteRequest(new TestSeries([("__name__", "m"), ("empty", string.Empty), ("k", "v")], [(1, 1)]));
        var sink = new RecordingSink();

        RemoteWriteDecoder.Decode(body, sink);

        sink.Single.Tags.Should().Equal(new Tag("k", "v"));
    }

    [Fact]
    public void Decode_StaleMarker_IsSkippedButOtherNaNKept()
    {
        var stale = BitConverter.Int64BitsToDouble(RemoteWriteDecoder.StaleNaNBits);
        var body = RemoteWriteEncoder.WriteRequest(new TestSeries([("__name__", "m")], [(stale, 1), (double.NaN, 2), (double.PositiveInfinity, 3)]));
        var sink = new RecordingSink();

        RemoteWriteDecoder.Decode(body, sink);

        sink.Errors.Should().BeEmpty();
        sink.Points.Select(p => p.Point.TimestampNanos).Should().Equal(2_000_000, 3_000_000);
    }

    [Fact]
    public void Decode_NativeHistograms_ReportedWhileFloatSamplesKept()
    {
        var body = RemoteWriteEncoder.WriteRequest(new TestSeries([("__name__", "m")], [(1, 1)]) { Histograms = 2 });
        var sink = new RecordingSink();

        RemoteWriteDecoder.Decode(body, sink);

        sink.Errors.Should().ContainSingle().Which.Reason.Should().Contain("native histograms are not supported (2");
        sink.Points.Should().ContainSingle();
    }

    [Fact]
    public void Decode_TimestampOverflowingNanoseconds_IsRejected()
    {
        var body = RemoteWriteEncoder.WriteRequest(new TestSeries([("__name__", "m")], [(1, long.MaxValue / 10)]));
        var sink = new RecordingSink();

        RemoteWriteDecoder.Decode(body, sink);

        sink.Errors.Should().ContainSingle().Which.Reason.Should().Contain("out of range");
        sink.Points.Should().BeEmpty();
    }

    [Fact]
    public void Decode_InvalidUtf8Label_RejectsSeries()
    {
        var label = new MemoryStream();
        RemoteWriteEncoder.WriteBytes(label, 1, "__name__"u8.ToArray());
        RemoteWriteEncoder.WriteBytes(label, 2, [0xC3, 0x28]);
        var series = new MemoryStream();
        RemoteWriteEncoder.WriteBytes(series, 1, label.ToArray());
        var request = new MemoryStream();
        RemoteWriteEncoder.WriteBytes(request, 1, series.ToArray());
        var sink = new RecordingSink();

        RemoteWriteDecoder.Decode(request.ToArray(), sink);

        sink.Errors.Should().Equal((1, "label is not valid UTF-8"));
    }

    [Fact]
    public void Decode_TruncatedTopLevel_ReportsOneErrorAndKeepsEarlierSeries()
    {
        var body = RemoteWriteEncoder.WriteRequest(
            new TestSeries([("__name__", "a")], [(1, 1)]),
            new TestSeries([("__name__", "b")], [(1, 1)]));
        var truncated = body[..^10];
        var sink = new RecordingSink();

        RemoteWriteDecoder.Decode(truncated, sink);

        sink.Points.Select(p => p.Point.Measurement).Should().Equal("a");
        sink.Errors.Should().ContainSingle().Which.Reason.Should().StartWith("malformed WriteRequest");
    }

    [Fact]
    public void Decode_WrongWireType_RejectsTheSeries()
    {
        var series = new MemoryStream();
        RemoteWriteEncoder.WriteTag(series, 1, 0); // labels as a varint
        RemoteWriteEncoder.WriteVarint(series, 5);
        var request = new MemoryStream();
        RemoteWriteEncoder.WriteBytes(request, 1, series.ToArray());
        var sink = new RecordingSink();

        RemoteWriteDecoder.Decode(request.ToArray(), sink);

        sink.Errors.Should().ContainSingle().Which.Reason.Should().Contain("TimeSeries.labels has wire type 0");
    }

    [Fact]
    public void Decode_EmptyRequest_ReportsNothing()
    {
        var sink = new RecordingSink();

        RemoteWriteDecoder.Decode([], sink);

        sink.Points.Should().BeEmpty();
        sink.Errors.Should().BeEmpty();
    }

    [Fact]
    public void Decode_RandomBytes_NeverThrows()
    {
        var random = new Random(5);
        var valid = RemoteWriteEncoder.WriteRequest(new TestSeries([("__name__", "m"), ("a", "b")], [(1, 1), (2, 2)]));
        for (var i = 0; i < 20_000; i++)
        {
            var body = (byte[])valid.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                body[random.Next(body.Length)] = (byte)random.Next(256);
            }

            RemoteWriteDecoder.Decode(body, new RecordingSink());
        }
    }

    [Fact]
    public void Decode_SnappyCompressedRequest_RoundTrips()
    {
        var series = Enumerable.Range(0, 200)
            .Select(i => new TestSeries([("__name__", "node_cpu_seconds_total"), ("cpu", (i % 8).ToString(System.Globalization.CultureInfo.InvariantCulture)), ("mode", "idle")], [(i * 1.5, 1_700_000_000_000 + i)]))
            .ToArray();
        var compressed = RemoteWriteEncoder.Snappy(RemoteWriteEncoder.WriteRequest(series));
        var protobuf = new byte[SnappyBlock.GetUncompressedLength(compressed)];
        SnappyBlock.Decompress(compressed, protobuf);
        var sink = new RecordingSink();

        RemoteWriteDecoder.Decode(protobuf, sink);

        sink.Points.Should().HaveCount(200);
        sink.Points.Select(p => p.Point.Fields[0].Value.AsDouble).Should().Equal(Enumerable.Range(0, 200).Select(i => i * 1.5));
    }
}
