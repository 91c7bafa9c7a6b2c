using System.Globalization;
using System.Text;
using MetricStream.Avro.Records;
using MetricStream.Processing.Aggregation;
using MetricStream.Processing.Execution.Internal;

namespace MetricStream.Processing.Tests.Aggregation;

public class SeriesKeyCacheTests
{
    [Fact]
    public void SameInstances_BuildTheKeyOnce()
    {
        var cache = new SeriesKeyCache();
        var point = new MetricPoint { Tenant = "acme", Measurement = "cpu" }.AddTag("region", "eu").AddTag("host", "a,b");

        var first = cache.Of(point);
        var second = cache.Of(point);

        Assert.Equal(SeriesKey.Of(point), first);
        Assert.Same(first, second);
        Assert.Equal(1, cache.Hits);
        Assert.Equal(1, cache.Misses);
    }

    [Fact]
    public void ReusedPoint_WithOtherTags_GetsItsOwnKey()
    {
        // The decoder refills the same MetricPoint object: a changed tag must never return the previous series' key.
        var cache = new SeriesKeyCache();
        var point = new MetricPoint { Tenant = "acme", Measurement = "cpu" }.AddTag("host", "a");
        var a = cache.Of(point);

        point.Tags[0] = new Tag("host", "b");
        var b = cache.Of(point);
        point.Tags.Add(new Tag("zone", "1"));
        var withZone = cache.Of(point);
        point.Measurement = "mem";
        var mem = cache.Of(point);

        Assert.Equal("acme/cpu,host=a", a);
        Assert.Equal("acme/cpu,host=b", b);
        Assert.Equal("acme/cpu,host=b,zone=1", withZone);
        Assert.Equal("acme/mem,host=b,zone=1", mem);
        Assert.Equal(0, cache.Hits);
    }

    [Fact]
    public void EqualTextInOtherInstances_GivesTheSameKey()
    {
        var cache = new SeriesKeyCache();
        var one = new MetricPoint { Tenant = "acme", Measurement = "cpu" }.AddTag("host", Copy("web-1"));
        var other = new MetricPoint { Tenant = "acme", Measurement = "cpu" }.AddTag("host", Copy("web-1"));

        Assert.Equal(cache.Of(one), cache.Of(other));
        Assert.Equal("acme/cpu,host=web-1", cache.Of(other));
    }

    [Fact]
    public void MoreSeriesThanSlots_EveryKeyIsRight()
    {
        var cache = new SeriesKeyCache();
        var point = new MetricPoint { Tenant = "acme", Measurement = "cpu" };
        var values = Enumerable.Range(0, 40_000).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

        for (var round = 0; round < 2; round++)
        {
            foreach (var value in values)
            {
                point.Tags.Clear();
                point.AddTag("host", value).AddTag("dc", "x");
                Assert.Equal(SeriesKey.Of(point), cache.Of(point));
            }
        }

        Assert.True(cache.Hits > 0, "the second round finds some keys");
        Assert.True(cache.Misses >= values.Length, "the first round builds every key");
    }

    private static string Copy(string value) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value));
}
