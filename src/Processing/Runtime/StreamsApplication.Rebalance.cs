using Confluent.Kafka;
using MetricStream.Processing.Runtime.Internal;
using MetricStream.Processing.State.Internal;
using MetricStream.Processing.Topology;
using Microsoft.Extensions.Logging;

namespace MetricStream.Processing.Runtime;

/// <summary>Rebalance callbacks (poll thread only): new tasks restore before processing, revoked ones drain and commit.</summary>
public sealed partial class StreamsApplication
{
    private static readonly TimeSpan LeavePoll = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Creates a task per new partition and restores its windows from the changelogs (all partitions in
    /// parallel, before any of their records is consumed); returns where each partition's input starts:
    /// the restored checkpoint's position, else the committed offset.
    /// </summary>
    private List<TopicPartitionOffset> OnAssigned(List<TopicPartition> partitions)
    {
        var created = new List<PartitionTask>();
        foreach (var partition in partitions)
        {
            if (!_tasks.ContainsKey(partition))
            {
                EnsureChangelogs(partition.Topic);
                var task = new PartitionTask(partition, _topology, _decoder, _output, _options, _logger, _changelogUnavailable ? null : _changelog, ApplicationId, _tables, _alertRules, AlertActivity);
                _tasks[partition] = task;
                created.Add(task);
            }
        }

        var restores = created.ToDictionary(t => t.Partition, t => Task.Run(() => t.Restore(_options.BootstrapServers, _options.RestoreTimeout)));
        Task.WhenAll(restores.Values).GetAwaiter().GetResult();
        PublishTasks([]);
        Volatile.Write(ref _assignedCount, _tasks.Count);
        _logger.LogInformation("{App}: assigned {Partitions}; running {Count} tasks", ApplicationId, string.Join(", ", partitions), _tasks.Count);
        return [.. partitions.Select(p => new TopicPartitionOffset(p, restores.TryGetValue(p, out var r) && r.Result is { } position ? new Offset(position) : Offset.Unset))];
    }

    /// <summary>
    /// Makes sure the changelog topics exist for a partition of <paramref name="inputTopic"/>. When they cannot be
    /// made usable (not creatable, too few partitions) the instance logs an error and runs its tasks without a
    /// changelog from then on: windows in memory only, input held back until its windows close, as with
    /// <see cref="StreamsApplicationOptions.EnableChangelog"/> false. Results stay correct; restores become replays.
    /// </summary>
    private void EnsureChangelogs(string inputTopic)
    {
        if (_changelogTopics is null || _changelogUnavailable)
        {
            return;
        }

        var topics = _topology.Nodes.Where(n => n is WindowAggregateNode or AlertNode).Select(n => ChangelogNames.Topic(ApplicationId, n.Name)).ToList();
        try
        {
            _changelogTopics.Ensure(topics, inputTopic);
        }
        catch (Exception ex) when (ex is InvalidOperationException or KafkaException or TimeoutException)
        {
            _changelogUnavailable = true;
            _logger.LogError("{App}: changelogs unavailable, running without them (windows in memory only; a new owner replays uncommitted input): {Reason}", ApplicationId, ex.Message);
        }
    }

    /// <summary>
    /// Runs a rebalance callback without letting it throw: the Kafka client answers an exception there by
    /// an eager unassign, which a cooperative consumer rejects by crashing the process. The failure is kept
    /// and the poll loop stops with it after the current consume call.
    /// </summary>
    private T Guarded<T>(Func<T> callback, T fallback)
    {
        try
        {
            return callback();
        }
#pragma warning disable CA1031 // Any failure must reach the poll loop, not the client's callback.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogError(ex, "{App}: rebalance callback failed", ApplicationId);
            _rebalanceFailure ??= ex;
            return fallback;
        }
    }

    private void Guarded(Action callback) => Guarded(() => { callback(); return true; }, false);

    private void OnRevoked(IConsumer<byte[]?, byte[]> consumer, IEnumerable<TopicPartition> partitions)
    {
        var closed = new List<PartitionTask>();
        foreach (var partition in partitions.ToList())
        {
            if (_tasks.Remove(partition, out var task))
            {
                // Flush: let the pipeline finish what it accepted and wait for acknowledgements, then commit.
                task.DrainAsync().GetAwaiter().GetResult();
                closed.Add(task);
            }
        }

        // A failed commit here is logged: the partition's next owner then replays from the previous commit.
        Commit(consumer, closed);
        PublishTasks(closed);
        foreach (var task in closed)
        {
            task.Dispose();
        }

        Volatile.Write(ref _assignedCount, _tasks.Count);
        if (closed.Count > 0)
        {
            _logger.LogInformation("{App}: revoked {Partitions}; running {Count} tasks", ApplicationId, string.Join(", ", closed.Select(t => t.Partition)), _tasks.Count);
        }
    }

    /// <summary>
    /// Leaves the group before the consumer is closed: unsubscribes and polls until the client has revoked the
    /// whole assignment through the rebalance callback (cooperative: incrementally). Closing a consumer that still
    /// holds partitions makes the client revoke them from inside Close, where Confluent.Kafka 1.9.3 may read the
    /// rebalance protocol as "none" and call an eager Unassign, which a cooperative consumer refuses with
    /// "Local: Erroneous state" thrown through a native callback: a process crash. Bounded by the session timeout.
    /// </summary>
    private void LeaveGroup(IConsumer<byte[]?, byte[]> consumer)
    {
        try
        {
            consumer.Unsubscribe();
            // Counted in consume calls, not on the (possibly fake) TimeProvider: a consume call waits in real time.
            var calls = Math.Max(1, (int)(_options.SessionTimeout / LeavePoll));
            for (var i = 0; i < calls && consumer.Assignment.Count > 0; i++)
            {
                // Records of partitions without a task are dropped: nothing of them is committed.
                _ = Consume(consumer, LeavePoll);
            }
        }
        catch (KafkaException ex)
        {
            _logger.LogWarning("{App}: leaving the group before close failed: {Reason}", ApplicationId, ex.Error.Reason);
        }
    }

    private void OnLost(IEnumerable<TopicPartition> partitions)
    {
        var lost = new List<PartitionTask>();
        foreach (var partition in partitions.ToList())
        {
            if (_tasks.Remove(partition, out var task))
            {
                task.AbandonAsync().GetAwaiter().GetResult();
                task.Dispose();
                lost.Add(task);
            }
        }

        PublishTasks(lost);

        Volatile.Write(ref _assignedCount, _tasks.Count);
    }
}
