using Confluent.Kafka;

namespace MetricStream.Kafka.Producing;

/// <summary>
/// Treats librdkafka's <c>Local: Queue full</c> as backpressure: the attempt is retried with a short,
/// growing pause until it is accepted or <c>bound</c> has passed on the given <see cref="TimeProvider"/>.
/// </summary>
public static class QueueFullRetry
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(50);

    /// <summary>True when <paramref name="exception"/> is librdkafka's local queue-full refusal.</summary>
    public static bool IsQueueFull(Exception exception) =>
        exception is KafkaException { Error.Code: ErrorCode.Local_QueueFull };

    /// <summary>
    /// Runs <paramref name="attempt"/>; while it fails because the queue is full, waits and tries again.
    /// </summary>
    /// <param name="attempt">Enqueues the record; a task faulted with queue-full means "not enqueued".</param>
    /// <param name="time">Clock for the bound and the pauses.</param>
    /// <param name="bound">How long the queue may stay full before giving up.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <param name="onQueueFull">Called once per refused attempt (for metrics).</param>
    /// <exception cref="KafkaBackpressureException">The queue stayed full for longer than <paramref name="bound"/>.</exception>
    public static async Task<T> ExecuteAsync<T>(
        Func<Task<T>> attempt,
        TimeProvider time,
        TimeSpan bound,
        CancellationToken cancellationToken,
        Action? onQueueFull = null)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(time);
        var started = time.GetTimestamp();
        var pause = FirstPause;
        while (true)
        {
            Task<T> task;
            try
            {
                task = attempt();
            }
            catch (Exception ex) when (IsQueueFull(ex))
            {
                task = Task.FromException<T>(ex);
            }

            // A queue-full refusal completes the task at once; anything else is the delivery itself.
            if (!task.IsFaulted || task.Exception?.InnerException is not { } inner || !IsQueueFull(inner))
            {
                return await task.ConfigureAwait(false);
            }

            onQueueFull?.Invoke();
            if (time.GetElapsedTime(started) >= bound)
            {
                throw new KafkaBackpressureException(
                    $"Kafka producer queue stayed full for {bound.TotalSeconds:0.###} s; the brokers are accepting records more slowly than they arrive",
                    inner);
            }

            await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
            pause = pause * 2 > LongestPause ? LongestPause : pause * 2;
        }
    }
}
