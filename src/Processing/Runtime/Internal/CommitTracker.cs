namespace MetricStream.Processing.Runtime.Internal;

/// <summary>
/// Decides how far a task's input offsets may be committed (at-least-once). Each processed work item
/// (an input record, or a wall-clock tick with no offset) is added in processing order with the task
/// that completes when every output it produced is acknowledged, the largest event time it carried and
/// the start of the oldest window still open after it. An input offset is committable when every item up
/// to it has been acknowledged and no window open after the acknowledged prefix could hold its data
/// (its event time is before the oldest open window's start): without a changelog, data in an open
/// window exists only in memory, so its input must stay uncommitted until the window is emitted.
/// </summary>
/// <remarks>
/// Locking: <see cref="Add"/> is called by the task's processing block, <see cref="Advance"/> by the
/// poll thread; every field below must always be accessed under <c>_gate</c>.
/// </remarks>
internal sealed class CommitTracker
{
    private readonly Lock _gate = new();
    private readonly Queue<Item> _items = new();
    private long _position = -1;

    /// <summary>Items added and not yet released by <see cref="Advance"/>.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>Records a processed work item.</summary>
    /// <param name="offset">The input offset, or null for a wall-clock tick.</param>
    /// <param name="maxEventTicks">Largest event time in the item (ticks since the epoch); <see cref="long.MinValue"/> when it holds no windowed data.</param>
    /// <param name="acknowledged">Completes when every output of the item is acknowledged.</param>
    /// <param name="oldestOpenStartTicks">Oldest open window start after the item; <see cref="long.MaxValue"/> when none.</param>
    public void Add(long? offset, long maxEventTicks, Task acknowledged, long oldestOpenStartTicks)
    {
        lock (_gate)
        {
            _items.Enqueue(new Item(offset, maxEventTicks, acknowledged, oldestOpenStartTicks));
        }
    }

    /// <summary>Records a checkpoint after the items added so far.</summary>
    /// <param name="position">The next input offset after the checkpoint.</param>
    /// <param name="durable">Completes when the checkpoint's marker is durable (which implies its state and every earlier output).</param>
    public void AddCheckpoint(long position, Task durable)
    {
        lock (_gate)
        {
            _items.Enqueue(new Item(null, long.MinValue, durable, long.MaxValue, position));
        }
    }

    /// <summary>Every acknowledgement pending now.</summary>
    /// <returns>A task that completes when all have completed.</returns>
    public Task AllAcknowledged()
    {
        lock (_gate)
        {
            return Task.WhenAll(_items.Select(i => i.Acknowledged));
        }
    }

    /// <summary>
    /// Releases the committable prefix and returns the position to commit (the next offset to read), or
    /// null while no input offset is committable yet. The position never moves back.
    /// </summary>
    /// <exception cref="AggregateException">An output of an item in the prefix failed: nothing past it may be committed.</exception>
    public long? Advance()
    {
        lock (_gate)
        {
            var oldestOpen = long.MaxValue;
            var acknowledged = 0;
            var throughCheckpoint = 0;
            foreach (var item in _items)
            {
                if (!item.Acknowledged.IsCompleted)
                {
                    break;
                }

                if (item.Acknowledged.IsFaulted || item.Acknowledged.IsCanceled)
                {
                    throw new AggregateException("an output of an input record was not acknowledged; its offset stays uncommitted", item.Acknowledged.Exception?.InnerExceptions ?? []);
                }

                acknowledged++;
                if (item.CheckpointPosition >= 0)
                {
                    throughCheckpoint = acknowledged;
                }
                else
                {
                    oldestOpen = item.OldestOpenStartTicks;
                }
            }

            // A durable checkpoint releases everything before it: its state is in the changelog.
            for (var i = 0; i < throughCheckpoint; i++)
            {
                var item = _items.Dequeue();
                var next = item.CheckpointPosition >= 0 ? item.CheckpointPosition : item.Offset + 1 ?? -1;
                _position = Math.Max(_position, next);
            }

            for (var i = throughCheckpoint; i < acknowledged; i++)
            {
                var item = _items.Peek();
                if (item.Offset is not null && item.MaxEventTicks >= oldestOpen)
                {
                    break;
                }

                _items.Dequeue();
                if (item.Offset is { } offset)
                {
                    _position = Math.Max(_position, offset + 1);
                }
            }

            return _position >= 0 ? _position : null;
        }
    }

    private readonly record struct Item(long? Offset, long MaxEventTicks, Task Acknowledged, long OldestOpenStartTicks, long CheckpointPosition = -1);
}
