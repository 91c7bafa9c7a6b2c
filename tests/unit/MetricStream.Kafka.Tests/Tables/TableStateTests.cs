using System.Text;
using MetricStream.Kafka.Tables;
using MetricStream.Kafka.Tables.Internal;

namespace MetricStream.Kafka.Tests.Tables;

/// <summary>The table's latest-value-per-key rule, tombstones and catch-up bookkeeping, record by record.</summary>
public sealed class TableStateTests
{
    [Fact]
    public void Apply_LatestValuePerKeyWins_TombstoneDeletes()
    {
        var state = State(new() { [0] = 10 });

        state.Apply(0, 0, Key("a"), Value("1"));
        state.Apply(0, 1, Key("b"), Value("2"));
        state.Apply(0, 2, Key("a"), Value("3"));
        var deleted = state.Apply(0, 3, Key("b"), null);

        state.Snapshot().Should().Equal(new Dictionary<string, string> { ["a"] = "3" });
        deleted.Should().Be(new KafkaTableChange<string>(KafkaTableChangeKind.Delete, "b", null, 0, 3));
        state.TryGet("b", out _).Should().BeFalse();
    }

    [Fact]
    public void Apply_Put_ReturnsTheChangeWithPartitionAndOffset()
    {
        var state = State(new() { [0] = 0, [1] = 0 });

        state.Apply(1, 41, Key("cpu-high"), Value("v1")).Should().Be(new KafkaTableChange<string>(KafkaTableChangeKind.Put, "cpu-high", "v1", 1, 41));
    }

    [Fact]
    public void Apply_TombstoneForAnUnknownKey_ChangesNothing()
    {
        var state = State(new() { [0] = 5 });

        state.Apply(0, 0, Key("never"), null).Should().BeNull();
        state.Count.Should().Be(0);
    }

    [Fact]
    public void Apply_UndecodableValueOrNoKey_SkippedAndTheKeyKeepsItsValue()
    {
        var state = new TableState<string>(new Dictionary<int, long> { [0] = 10 }, new Dictionary<int, long>(), bytes =>
        {
            var text = Encoding.UTF8.GetString(bytes);
            return text == "poison" ? throw new FormatException("bad row") : text;
        });
        state.Apply(0, 0, Key("a"), Value("good"));

        state.Apply(0, 1, Key("a"), Value("poison")).Should().BeNull();
        state.Apply(0, 2, null, Value("keyless")).Should().BeNull();

        state.TryGet("a", out var value).Should().BeTrue();
        value.Should().Be("good");
        state.Skipped.Should().Be(2);
        state.LastError.Should().BeOfType<FormatException>();
    }

    [Fact]
    public void CaughtUp_OnlyOnceEveryPartitionReachedItsEndOffsetAtStart()
    {
        var state = State(new() { [0] = 2, [1] = 1 });

        state.Apply(0, 0, Key("a"), Value("1"));
        state.Apply(0, 1, Key("b"), Value("1"));
        state.IsCaughtUp.Should().BeFalse("partition 1 is still behind");
        state.Apply(0, 2, Key("c"), Value("1"));
        state.IsCaughtUp.Should().BeFalse("records past the end of one partition do not help another");

        state.Apply(1, 0, Key("d"), Value("1"));

        state.IsCaughtUp.Should().BeTrue();
    }

    [Fact]
    public void CaughtUp_AtOnceWhenEveryPartitionIsEmpty_IncludingOnesWhoseRecordsWereDeleted()
    {
        var state = new TableState<string>(new Dictionary<int, long> { [0] = 0, [1] = 7 }, new Dictionary<int, long> { [1] = 7 }, Encoding.UTF8.GetString);

        state.IsCaughtUp.Should().BeTrue();
    }

    [Fact]
    public void ReachedEnd_EndOfPartitionPastAGap_CompletesCatchUp()
    {
        // Compaction leaves gaps: the last record before the end may sit well below the end offset.
        var state = State(new() { [0] = 10 });
        state.Apply(0, 7, Key("a"), Value("1"));
        state.IsCaughtUp.Should().BeFalse();

        state.ReachedEnd(0, 10).Should().BeTrue();

        state.IsCaughtUp.Should().BeTrue();
        state.ReachedEnd(0, 11).Should().BeFalse("it reports the transition only once");
    }

    private static TableState<string> State(Dictionary<int, long> ends) => new(ends, new Dictionary<int, long>(), Encoding.UTF8.GetString);

    private static byte[] Key(string key) => Encoding.UTF8.GetBytes(key);

    private static byte[] Value(string value) => Encoding.UTF8.GetBytes(value);
}
