using Confluent.Kafka;
using MetricStream.Kafka.Producing;

namespace MetricStream.Processing.Runtime.Internal;

/// <summary>
/// One completion for many outputs: the records produced for one work item (or one checkpoint) are handed to the
/// Kafka client with a delivery callback that counts them down, instead of one awaited task (a task completion
/// source, a retry state machine and a thread-pool continuation) per record. <see cref="Seal"/> returns a task that
/// completes when every record was acknowledged, or faults with the first delivery failure.
/// </summary>
/// <remarks>
/// A record the client refuses because its local queue is full, and every record while the producer reports the
/// brokers down, takes the awaited path instead (<see cref="ProduceRetry"/> over <see cref="DurableProducer.ProduceAsync(TopicPartition, Message{byte[], byte[]}, CancellationToken)"/>),
/// so backpressure and fail-fast behave as before; its task joins the batch. Concurrency: <see cref="Produce"/>,
/// <see cref="Add"/> and <see cref="Seal"/> are called by one thread (the task's process block); delivery callbacks
/// arrive on the client's delivery thread and touch only <c>_pending</c> and <c>_failure</c>, with interlocked
/// operations. <c>_pending</c> starts at 1, a hold released by <see cref="Seal"/>, so the batch cannot complete
/// before it is sealed and <c>_done</c> exists.
/// </remarks>
internal sealed class DeliveryBatch
{
    private readonly Action<DeliveryReport<byte[]?, byte[]>> _onDelivery;
    private List<Task>? _others;
    private TaskCompletionSource? _done;
    private Exception? _failure;
    private int _pending = 1;
    private int _produced;

    public DeliveryBatch()
    {
        _onDelivery = OnDelivery;
    }

    /// <summary>Records handed to the client or to the awaited path.</summary>
    public int Count => _produced + (_others?.Count ?? 0);

    /// <summary>Produces <paramref name="message"/> to <paramref name="destination"/> as part of the batch.</summary>
    public void Produce(DurableProducer producer, ProduceRetry retry, TopicPartition destination, Message<byte[]?, byte[]> message, CancellationToken stopping)
    {
        if (producer.Availability.IsAvailable)
        {
            Interlocked.Increment(ref _pending);
            try
            {
                producer.Client.Produce(destination, message, _onDelivery);
                _produced++;
                return;
            }
            catch (ProduceException<byte[]?, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                // Taken by the awaited path below, which waits for room.
                Interlocked.Decrement(ref _pending);
            }
            catch (ProduceException<byte[]?, byte[]> ex)
            {
                // Refused for another reason (e.g. too large): the batch fails as an awaited produce would.
                Interlocked.Decrement(ref _pending);
                Add(Task.FromException(ex));
                return;
            }
        }

        Add(retry.UntilAcceptedAsync(token => producer.ProduceAsync(destination, message, token), destination.Topic, stopping));
    }

    /// <summary>Adds another acknowledgement (an external sink write, an awaited produce) to the batch.</summary>
    public void Add(Task acknowledged) => (_others ??= []).Add(acknowledged);

    /// <summary>Ends the batch: the task completes when every record of it is acknowledged. Call once.</summary>
    public Task Seal()
    {
        Task own;
        if (_produced == 0)
        {
            own = Task.CompletedTask;
        }
        else
        {
            _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            own = _done.Task;
            if (Interlocked.Decrement(ref _pending) == 0)
            {
                Finish();
            }
        }

        return _others switch
        {
            null or { Count: 0 } => own,
            { Count: 1 } when _produced == 0 => _others[0],
            _ => Task.WhenAll(_produced == 0 ? _others : [.. _others, own]),
        };
    }

    private void OnDelivery(DeliveryReport<byte[]?, byte[]> report)
    {
        if (report.Error.IsError)
        {
            Interlocked.CompareExchange(ref _failure, new ProduceException<byte[]?, byte[]>(report.Error, report), null);
        }

        if (Interlocked.Decrement(ref _pending) == 0)
        {
            Finish();
        }
    }

    private void Finish()
    {
        if (Volatile.Read(ref _failure) is { } failure)
        {
            _done!.SetException(failure);
        }
        else
        {
            _done!.SetResult();
        }
    }
}
