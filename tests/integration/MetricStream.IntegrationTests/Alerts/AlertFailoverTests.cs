using Confluent.Kafka;
using MetricStream.IntegrationTests.Host;
using MetricStream.Processing.Alerts;
using MetricStream.Testing;

namespace MetricStream.IntegrationTests.Alerts;

/// <summary>
/// Two <c>metricstream process</c> instances in one consumer group on the embedded broker: the one running the
/// alert task is killed (SIGKILL) while an alert fires; the other takes the partition over, restores the alert
/// state from the changelog and does not fire it a second time.
/// </summary>
public sealed class AlertFailoverTests(AlertStackFixture stack) : IClassFixture<AlertStackFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("alert-failover-").FullName;

    [Fact]
    public async Task InstanceKilledWhileFiring_NoSecondFiringAfterTheRebalance()
    {
        // One input partition: the second instance idles until the first dies, so the takeover is the crash, not a graceful rebalance.
        await using var scenario = new AlertScenario(stack, rollupPartitions: 1); // topics, producer and reader only: the instances are processes
        var name = "failover-" + scenario.Measurement;
        stack.Kafka.Cluster.CreateTopic($"{name}-alerts-changelog", 1, 3); // the embedded broker answers no CreateTopics
        await File.WriteAllTextAsync(Path.Combine(_dir, "alerts.yaml"), $$"""
            topology: {{name}}
            processors:
              - name: rollups
                type: source
                topic: {{scenario.Rollups}}
                schema: window-aggregate
              - name: alerts
                type: alert
                from: rollups
                rules:
                  - id: hot
                    select: { measurement: {{scenario.Measurement}}, field: usage_user }
                    aggregate: p95
                    threshold: { op: ">", value: 90 }
              - name: out
                type: sink
                from: alerts
                topic: {{scenario.Alerts}}
            """);
        string[] arguments = ["process", "--bootstrap", stack.Kafka.BootstrapServers, "--registry", stack.Registry.Url.ToString(), "--topologies", _dir];
        using var first = MetricStreamProcess.Start(null, arguments);
        await MetricStreamProcess.WaitForLineAsync(first, "process");
        await scenario.ProduceAsync("a", 0, 95);
        scenario.ReadUntil(e => e.Count > 0).Select(e => e.State).Should().Equal(AlertState.Firing);
        await Poll.UntilAsync(() => Committed(name, scenario.Rollups) >= 1, "the firing state checkpointed and the input committed", TimeSpan.FromSeconds(60));
        using var second = MetricStreamProcess.Start(null, arguments);
        await MetricStreamProcess.WaitForLineAsync(second, "process");

        first.Signal(9);
        await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
        // Still above the threshold after the takeover (a lost state would fire again), then back to normal.
        await scenario.ProduceAsync("a", 1, 96);
        await scenario.ProduceAsync("a", 2, 97);
        await scenario.ProduceAsync("a", 3, 10);
        var events = scenario.ReadUntil(e => e.Any(x => x.State == AlertState.Resolved), TimeSpan.FromSeconds(90));

        second.HasExited.Should().BeFalse(string.Join('\n', second.Errors));
        events.Select(e => e.State).Should().Equal(
            [AlertState.Firing, AlertState.Resolved],
            $"{string.Join("; ", scenario.Details)}\nkilled instance:\n{string.Join('\n', first.Errors.TakeLast(15))}\nsecond instance:\n{string.Join('\n', second.Errors.TakeLast(25))}");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The group's committed offset of the topic's partition 0 (read without joining the group).</summary>
    private long Committed(string group, string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = stack.Kafka.BootstrapServers, GroupId = group }).Build();
        var offsets = consumer.Committed([new TopicPartition(topic, 0)], TimeSpan.FromSeconds(10));
        return offsets.Where(o => o.Offset.Value > 0).Sum(o => o.Offset.Value);
    }
}
