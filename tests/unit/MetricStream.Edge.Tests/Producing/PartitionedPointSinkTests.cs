using System.Text;
using MetricStream.Avro.Records;
using MetricStream.Edge.Ingest;
using MetricStream.Edge.LineProtocol;
using MetricStream.Edge.Producing;
using MetricStream.Edge.Validation;

namespace MetricStream.Edge.Tests.Producing;

public sealed class PartitionedPointSinkTests
{
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Accept_Points_GoToTheirSeriesPartitionInRequestOrder()
    {
        var sink = new PartitionedPointSink(new PointValidator(IngestLimits.Default));
        sink.Reset("acme", "db/rp", "req-1", Now, 4);
        var body = string.Join('\n', Enumerable.Range(0, 200).Select(i => $"cpu,host=h{i % 10},dc=x v={i}i"));

        new LineProtocolParser().Parse(Encoding.UTF8.GetBytes(body), TimestampPrecision.Nanoseconds, Precision.ToUnixNanoseconds(Now), sink);

        sink.Accepted.Should().Be(200);
        var all = new List<(int Partition, MetricPoint Point)>();
        for (var p = 0; p < 4; p++)
        {
            var batch = sink.Batch(p);
            batch.Tenant.Should().Be("acme");
            batch.Bucket.Should().Be("db/rp");
            batch.RequestId.Should().Be("req-1");
            for (var i = 0; i < batch.Count; i++)
            {
                all.Add((p, batch[i]));
                var expected = Murmur2.Partition(Encoding.UTF8.GetBytes($"acme\0cpu\0dc\0x\0host\0{batch[i].Tags[1].Value}\0"), 4);
                p.Should().Be(expected);
            }

            if (batch.Count > 0)
            {
                Murmur2.Partition(sink.RecordKey(p), 4).Should().Be(p, "the record key maps to its own partition");
            }
        }

        all.Should().HaveCount(200);
        all.GroupBy(x => x.Point.Tags[1].Value).Should().OnlyContain(g => g.Select(x => x.Partition).Distinct().Count() == 1, "a series stays on one partition");
        foreach (var series in all.GroupBy(x => x.Point.Tags[1].Value))
        {
            series.Select(x => x.Point.Fields[0].Value.AsLong).Should().BeInAscendingOrder("per-series order is request order");
        }

        sink.SeriesHashes.Distinct().Should().HaveCount(10);
    }

    [Fact]
    public void Accept_SameSeriesOfAnotherTenant_HasAnotherKey()
    {
        var a = KeyOf("a", "m,k=v f=1");
        var b = KeyOf("b", "m,k=v f=1");

        a.Should().NotBe(b);
        KeyOf("a", "m,k=v g=2").Should().Be(a, "fields are not part of the series");
        KeyOf("a", "m,x=1,k=v f=1").Should().Be(KeyOf("a", "m,k=v,x=1 f=1"), "tags are sorted first");
    }

    [Fact]
    public void Reset_SecondRequest_StartsEmptyAndReusesBatches()
    {
        var sink = new PartitionedPointSink(new PointValidator(IngestLimits.Default));
        sink.Reset("a", null, null, Now, 2);
        new LineProtocolParser().Parse("m f=1\nbad"u8, TimestampPrecision.Nanoseconds, Precision.ToUnixNanoseconds(Now), sink);
        var batch = sink.Batch(0);

        sink.Reset("b", "x", null, Now, 2);

        sink.Accepted.Should().Be(0);
        sink.Rejected.Should().Be(0);
        sink.Errors.Should().BeEmpty();
        sink.SeriesHashes.Should().BeEmpty();
        sink.Batch(0).Should().BeSameAs(batch);
        sink.Batch(0).Count.Should().Be(0);
        sink.Batch(0).Tenant.Should().Be("b");
    }

    private static ulong KeyOf(string tenant, string line)
    {
        var sink = new PartitionedPointSink(new PointValidator(IngestLimits.Default));
        sink.Reset(tenant, null, null, Now, 1);
        new LineProtocolParser().Parse(Encoding.UTF8.GetBytes(line), TimestampPrecision.Nanoseconds, Precision.ToUnixNanoseconds(Now), sink);
        return sink.SeriesHashes.Single();
    }
}
