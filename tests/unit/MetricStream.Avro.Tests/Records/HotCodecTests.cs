using System.Buffers;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Records;

namespace MetricStream.Avro.Tests.Records;

public class HotCodecTests
{
    private static byte[] Encode(MetricPoint p)
    {
        var buffer = new ArrayBufferWriter<byte>();
        MetricPointCodec.Write(buffer, p);
        return buffer.WrittenSpan.ToArray();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void MetricPointCodec_WritesExactlyWhatTheGenericWriterWrites(int i)
    {
        var point = SamplePoints.Cpu(i);

        var fast = Encode(point);

        fast.Should().Equal(AvroGeneric.Encode(ProductSchemas.MetricPoint, SamplePoints.ToGeneric(point)));
    }

    [Fact]
    public void MetricPointCodec_EmptyMapsAndEdgeValues_MatchGenericWriter()
    {
        var point = new MetricPoint { Tenant = "", Measurement = "m\U0001F600", TimestampNanos = long.MinValue }
            .AddField("nan", double.NaN).AddField("neg", long.MinValue).AddField("inf", double.NegativeInfinity);
        var empty = new MetricPoint { TimestampNanos = long.MaxValue };

        Encode(point).Should().Equal(AvroGeneric.Encode(ProductSchemas.MetricPoint, SamplePoints.ToGeneric(point)));
        Encode(empty).Should().Equal(AvroGeneric.Encode(ProductSchemas.MetricPoint, SamplePoints.ToGeneric(empty)));
    }

    [Fact]
    public void MetricPointCodec_RoundTripsThroughGenericReaderWithEmbeddedSchema()
    {
        var point = SamplePoints.Cpu(3);

        var generic = (GenericRecord)AvroGeneric.Decode(ProductSchemas.MetricPoint, Encode(point))!;

        generic.Should().Be(SamplePoints.ToGeneric(point));
        ((Dictionary<string, object?>)generic["tags"]!).Keys.Should().Equal("cpu", "dc", "host", "region");
    }

    [Fact]
    public void MetricPointCodec_ReadsWhatTheGenericWriterWrites()
    {
        var expected = SamplePoints.Cpu(6);
        var bytes = AvroGeneric.Encode(ProductSchemas.MetricPoint, SamplePoints.ToGeneric(expected));
        var reader = new AvroBinaryReader(bytes);
        var actual = new MetricPoint();

        MetricPointCodec.Read(ref reader, actual, new Utf8StringPool());

        reader.End.Should().BeTrue();
        actual.Should().BeEquivalentTo(expected, o => o.Excluding(p => p.Tags));
        actual.Tags.Should().Equal(expected.Tags.OrderBy(t => t.Key, TagKeyComparer.Instance));
    }

    [Fact]
    public void MetricPointCodec_WriteSortsTagsByCodePoint()
    {
        var point = new MetricPoint().AddTag("b", "2").AddTag("\uFF21", "fullwidth").AddTag("\U0001F600", "emoji").AddTag("a", "1");

        Encode(point);

        point.Tags.Select(t => t.Key).Should().Equal("a", "b", "\uFF21", "\U0001F600");
    }

    [Fact]
    public void MetricPointCodec_TruncatedInput_ThrowsAvroException()
    {
        var bytes = Encode(SamplePoints.Cpu());
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var threw = false;
            try
            {
                var reader = new AvroBinaryReader(bytes.AsSpan(0, cut));
                MetricPointCodec.Read(ref reader, new MetricPoint());
            }
            catch (AvroException)
            {
                threw = true;
            }

            threw.Should().BeTrue($"input cut at {cut} of {bytes.Length} bytes must be rejected");
        }
    }

    [Fact]
    public void PointBatchCodec_WritesExactlyWhatTheGenericWriterWrites_AndRoundTrips()
    {
        var batch = new PointBatch { Tenant = "acme", Bucket = "db/rp", RequestId = "r-1", ReceivedAt = DateTimeOffset.UnixEpoch.AddTicks(17_000_000_000_000_010) };
        for (var i = 0; i < 100; i++)
        {
            batch.AddPoint().CopyFrom(SamplePoints.Cpu(i));
        }

        var buffer = new ArrayBufferWriter<byte>();
        PointBatchCodec.Write(buffer, batch);

        buffer.WrittenSpan.ToArray().Should().Equal(AvroGeneric.Encode(ProductSchemas.PointBatch, SamplePoints.ToGeneric(batch)));
        var decoded = new PointBatch();
        decoded.AddPoint().AddTag("stale", "x");
        decoded.AddPoint();
        var reader = new AvroBinaryReader(buffer.WrittenSpan);
        PointBatchCodec.Read(ref reader, decoded, new Utf8StringPool());
        decoded.Count.Should().Be(100);
        decoded.ReceivedAt.Should().Be(batch.ReceivedAt);
        decoded[0].Tags.Should().NotContain(t => t.Key == "stale");
        decoded[7].Tenant.Should().Be("acme");
        decoded[7].Bucket.Should().Be("db/rp");
        decoded[7].Id.Should().Be("r-1");
        decoded[7].Fields.Should().Equal(batch[7].Fields);
        decoded[7].TimestampNanos.Should().Be(batch[7].TimestampNanos);
    }

    [Fact]
    public void WindowAggregateCodec_WritesExactlyWhatTheGenericWriterWrites_AndRoundTrips()
    {
        var aggregate = new WindowAggregate
        {
            Tenant = "acme", Measurement = "cpu", Field = "usage_user",
            WindowStart = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_040_000), WindowEnd = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_100_000),
            Count = 60, Sum = 750, Min = 1, Max = 99, Mean = 12.5, Last = 14, SketchFormat = "ddsketch-v1", Sketch = new byte[] { 1, 2, 3, 250 },
            P50 = 11, P95 = 80, P99 = 98.5,
        };
        aggregate.Tags.Add(new Tag("host", "a"));
        aggregate.Tags.Add(new Tag("dc", "fra"));
        var buffer = new ArrayBufferWriter<byte>();

        WindowAggregateCodec.Write(buffer, aggregate);

        buffer.WrittenSpan.ToArray().Should().Equal(AvroGeneric.Encode(ProductSchemas.WindowAggregate, SamplePoints.ToGeneric(aggregate)));
        var decoded = new WindowAggregate();
        var reader = new AvroBinaryReader(buffer.WrittenSpan);
        WindowAggregateCodec.Read(ref reader, decoded);
        decoded.Should().BeEquivalentTo(aggregate, o => o.Excluding(a => a.Sketch));
        decoded.Sketch.ToArray().Should().Equal(1, 2, 3, 250);
    }

    [Fact]
    public void MetricPoint_EncodeAndDecodeWithPool_AllocateNothingInSteadyState()
    {
        var point = SamplePoints.Cpu(1);
        var decoded = new MetricPoint();
        var pool = new Utf8StringPool();
        var buffer = new ArrayBufferWriter<byte>(1024);
        void Once()
        {
            buffer.ResetWrittenCount();
            MetricPointCodec.Write(buffer, point);
            var reader = new AvroBinaryReader(buffer.WrittenSpan);
            MetricPointCodec.Read(ref reader, decoded, pool);
        }

        Once();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Once();
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
        decoded.Fields.Should().Equal(point.Fields);
    }

    [Fact]
    public void PointBatch_EncodeAndDecodeWithPool_AllocateNothingInSteadyState()
    {
        // 1,000 distinct hosts, differing only in their last bytes (a regression: a weakly mixed pool
        // hash put such values in the same cache set, so they evicted each other and every decode allocated).
        var batch = new PointBatch { Tenant = "acme" };
        for (var i = 0; i < 1000; i++)
        {
            var point = batch.AddPoint();
            point.CopyFrom(SamplePoints.Cpu(i));
            point.Tags[1] = new Tag("host", "web-" + i);
        }

        var decoded = new PointBatch();
        var pool = new Utf8StringPool();
        var buffer = new ArrayBufferWriter<byte>(256 * 1024);
        void Once()
        {
            buffer.ResetWrittenCount();
            PointBatchCodec.Write(buffer, batch);
            var reader = new AvroBinaryReader(buffer.WrittenSpan);
            PointBatchCodec.Read(ref reader, decoded, pool);
        }

        Once();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Once();
        Once();

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
        decoded.Count.Should().Be(1000);
    }
}
