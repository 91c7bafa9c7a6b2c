using Confluent.Kafka;
using MetricStream.Kafka.Consuming;

namespace MetricStream.Kafka.Tests.Consuming;

public class ConsumerDefaultsTests
{
    private static readonly ConsumerSettings Settings = new() { BootstrapServers = "127.0.0.1:9092", GroupId = "app" };

    [Fact]
    public void Build_Defaults_NeverCommitAutomatically()
    {
        var config = BuildDefaults();

        config.EnableAutoCommit.Should().BeFalse("offsets are committed after outputs are acknowledged");
        config.EnableAutoOffsetStore.Should().BeFalse();
    }

    [Fact]
    public void Build_Defaults_StartAtEarliestWithCooperativeAssignment()
    {
        var config = BuildDefaults();

        config.AutoOffsetReset.Should().Be(AutoOffsetReset.Earliest);
        config.PartitionAssignmentStrategy.Should().Be(PartitionAssignmentStrategy.CooperativeSticky);
        config.IsolationLevel.Should().Be(IsolationLevel.ReadCommitted);
        config.GroupId.Should().Be("app");
    }

    [Fact]
    public void Build_Defaults_HeartbeatWithinSession()
    {
        var config = BuildDefaults();

        config.SessionTimeoutMs.Should().Be(10_000);
        config.HeartbeatIntervalMs.Should().BeLessThanOrEqualTo(config.SessionTimeoutMs!.Value / 3);
        config.QueuedMaxMessagesKbytes.Should().Be(64 * 1024);
    }

    [Fact]
    public void Build_LatestAndOverrides_AreApplied()
    {
        var config = ConsumerDefaults.Build(Settings with
        {
            StartFromEarliest = false,
            ReadCommitted = false,
            Overrides = new Dictionary<string, string> { ["fetch.wait.max.ms"] = "10" },
        });

        config.AutoOffsetReset.Should().Be(AutoOffsetReset.Latest);
        config.IsolationLevel.Should().Be(IsolationLevel.ReadUncommitted);
        config.FetchWaitMaxMs.Should().Be(10);
    }

    private static ConsumerConfig BuildDefaults() => ConsumerDefaults.Build(Settings);
}
