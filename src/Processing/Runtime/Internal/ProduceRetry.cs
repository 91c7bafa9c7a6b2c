using MetricStream.Kafka.Producing;
using Microsoft.Extensions.Logging;

namespace MetricStream.Processing.Runtime.Internal;

/// <summary>
/// Producer backpressure inside the engine: a send refused because the producer's local queue stayed full
/// (<see cref="KafkaBackpressureException"/>) is not a failure of the task. The send is retried with a growing
/// pause until the queue takes it or the task stops; meanwhile the task's unacknowledged-output bound and its
/// bounded blocks hold the input back, so the poll thread keeps the partition paused.
/// </summary>
internal sealed class ProduceRetry(TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(1);
    private long _refusals;

    /// <summary>How many sends found the producer queue full past its bound and were retried.</summary>
    public long Refusals => Interlocked.Read(ref _refusals);

    /// <summary>
    /// Runs <paramref name="send"/> until it is not refused for backpressure; completes when the record is
    /// acknowledged, faults with any other failure, and is cancelled when <paramref name="stopping"/> fires.
    /// </summary>
    public async Task UntilAcceptedAsync(Func<CancellationToken, Task> send, string topic, CancellationToken stopping)
    {
        var pause = FirstPause;
        while (true)
        {
            try
            {
                await send(stopping).ConfigureAwait(false);
                return;
            }
            catch (KafkaBackpressureException ex)
            {
                if (Interlocked.Increment(ref _refusals) % 100 == 1)
                {
                    logger.LogWarning("Output to {Topic} held back: {Reason}; retrying until the queue drains", topic, ex.Message);
                }
            }

            await Task.Delay(pause, time, stopping).ConfigureAwait(false);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
    }
}
