using System.Text;
using MetricStream.Avro.Records;

namespace MetricStream.Avro.Tests.Records;

public class Utf8StringPoolTests
{
    [Fact]
    public void GetString_SameBytes_ReturnsSameInstance()
    {
        var pool = new Utf8StringPool();

        var first = pool.GetString("host-1"u8);
        var second = pool.GetString(Encoding.UTF8.GetBytes("host-1"));

        first.Should().Be("host-1");
        second.Should().BeSameAs(first);
        pool.GetString("héllo 😀"u8).Should().Be("héllo 😀");
        pool.GetString([]).Should().BeSameAs(string.Empty);
    }

    [Fact]
    public void GetString_ManyDistinctValues_StaysCorrectAndBounded()
    {
        var pool = new Utf8StringPool(capacity: 4);

        for (var i = 0; i < 1000; i++)
        {
            pool.GetString(Encoding.UTF8.GetBytes("value-" + i)).Should().Be("value-" + i);
        }

        pool.GetString("value-999"u8).Should().BeSameAs(pool.GetString("value-999"u8));
    }

    [Fact]
    public void GetString_LongerThanMaxLength_IsNotCachedButCorrect()
    {
        var pool = new Utf8StringPool(maxLength: 4);

        var a = pool.GetString("longer"u8);
        var b = pool.GetString("longer"u8);

        a.Should().Be("longer");
        b.Should().NotBeSameAs(a);
    }

    [Fact]
    public void TagKeyComparer_OrdersByCodePoint()
    {
        var keys = new List<string> { "\U0001F600", "\uFFFD", "b", "a", "ab", "" };

        keys.Sort(TagKeyComparer.Instance);

        keys.Should().Equal("", "a", "ab", "b", "\uFFFD", "\U0001F600");
        keys.OrderBy(k => Encoding.UTF8.GetBytes(k), Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y))).Should().Equal(keys);
    }
}
