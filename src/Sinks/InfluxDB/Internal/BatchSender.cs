using MetricStream.Sinks.DeadLetters;
using MetricStream.Sinks.LineProtocol;
using MetricStream.Sinks.Resilience.Internal;
using MetricStream.Sinks.Routing;
using Microsoft.Extensions.Logging;

namespace MetricStream.Sinks.InfluxDB.Internal;

/// <summary>
/// Sends sealed batches until InfluxDB stored them: bounded concurrency per target; retries with exponential
/// backoff and jitter on 5xx, 429, timeouts and connection errors (at least the server's <c>Retry-After</c>);
/// a circuit breaker per target, and when it is open the routing strategy may move the batch to another
/// available target; a 400 or 413 splits the batch in halves until the bad lines stand alone, and those go to
/// the dead letters with InfluxDB's message. Nothing is ever dropped: a batch fails only when the sink stops.
/// Thread-safe: every batch is sent by one async flow; shared state is the per-target breakers, semaphores
/// and counters, each thread-safe.
/// </summary>
internal sealed class BatchSender(
    InfluxSinkOptions options,
    InfluxHttp http,
    IReadOnlyList<string> destinations,
    InfluxTargetState[] targets,
    CircuitBreaker[] breakers,
    IInfluxRoutingStrategy strategy,
    IInfluxDeadLetterPublisher? deadLetters,
    ILogger logger)
{
    private readonly SemaphoreSlim[] _slots = [.. targets.Select(_ => new SemaphoreSlim(options.MaxConcurrentRequestsPerTarget))];
    private readonly int[] _provisioned = new int[targets.Length];
    private long _deadLettered;

    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Provisions a V1 target now; false (logged) when it cannot, and it is tried again before its first write.</summary>
    public async Task<bool> ProvisionAsync(int target, CancellationToken cancellationToken)
    {
        if (options.Api != InfluxApiVersion.V1 || !options.Provision || Volatile.Read(ref _provisioned[target]) == 1)
        {
            return true;
        }

        string? error;
        try
        {
            error = await V1Provisioner.ProvisionAsync(http, target, options.Destinations, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            error = ex.Message;
        }

        if (error is null)
        {
            Volatile.Write(ref _provisioned[target], 1);
            return true;
        }

        logger.LogWarning("Could not provision InfluxDB target {Target}: {Error}", targets[target].Name, error);
        return false;
    }

    /// <summary>Sends <paramref name="batch"/>, completes or fails it, and disposes it.</summary>
    public async Task SendAsync(Batch batch, CancellationToken cancellationToken)
    {
        try
        {
            if (batch.Count > 0)
            {
                await SendRangeAsync(batch, 0, batch.Count, cancellationToken).ConfigureAwait(false);
            }

            batch.Complete();
        }
        catch (Exception ex)
        {
            batch.Fail(ex);
        }
        finally
        {
            batch.Dispose();
        }
    }

    private async Task SendRangeAsync(Batch batch, int first, int count, CancellationToken cancellationToken)
    {
        var body = batch.Lines(first, count);

        // Compressed once, when the first target that wants gzip is chosen (a batch may move between targets).
        LineBuffer? compressed = null;
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var target = await AcquireTargetAsync(batch, cancellationToken).ConfigureAwait(false);
                var gzip = http.Compresses(target);
                if (gzip)
                {
                    compressed ??= GzipBody.Compress(body.Span);
                }

                var payload = gzip ? compressed!.WrittenMemory : body;
                var outcome = await PostAsync(batch, target, payload, gzip, count, cancellationToken).ConfigureAwait(false);
                if (outcome.Kind == WriteOutcomeKind.Success)
                {
                    return;
                }

                if (outcome.Kind == WriteOutcomeKind.Rejected)
                {
                    targets[target].Rejected();
                    if (count == 1)
                    {
                        await DeadLetterAsync(batch, first, target, outcome.Message ?? "rejected", cancellationToken).ConfigureAwait(false);
                        return;
                    }

                    // The halves compress their own bodies: this one is not needed any more.
                    compressed?.Dispose();
                    compressed = null;
                    var half = count / 2;
                    await SendRangeAsync(batch, first, half, cancellationToken).ConfigureAwait(false);
                    await SendRangeAsync(batch, first + half, count - half, cancellationToken).ConfigureAwait(false);
                    return;
                }

                if (outcome.DatabaseMissing)
                {
                    Volatile.Write(ref _provisioned[target], 0);
                }

                targets[target].Retried();
                var delay = Backoff.Delay(attempt, options.RetryBaseDelay, options.RetryMaxDelay, outcome.RetryAfter, Random.Shared);
                logger.LogDebug("Write to InfluxDB target {Target} failed ({Error}); retrying in {Delay}", targets[target].Name, outcome.Message, delay);
                await Task.Delay(delay, options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            compressed?.Dispose();
        }
    }

    /// <summary>The target to send to now: the batch's own while its breaker lets a request through, else another available one, else wait.</summary>
    private async Task<int> AcquireTargetAsync(Batch batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            var target = batch.Target;
            if (breakers[target].TryAcquire(options.RetryBaseDelay, out var retryIn))
            {
                if (await ProvisionAsync(target, cancellationToken).ConfigureAwait(false))
                {
                    return target;
                }

                breakers[target].OnFailure();
                retryIn = options.RetryBaseDelay;
            }

            var decision = strategy.Choose(batch.FirstTenant, targets);
            if (decision.Target != target && targets[decision.Target].IsAvailable)
            {
                targets[target].Rerouted();
                logger.LogInformation("InfluxDB target {From} unavailable: batch moved to {To}", targets[target].Name, targets[decision.Target].Name);
                batch.Target = decision.Target;
                continue;
            }

            await Task.Delay(retryIn, options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<WriteOutcome> PostAsync(Batch batch, int target, ReadOnlyMemory<byte> payload, bool gzip, int lines, CancellationToken cancellationToken)
    {
        var state = targets[target];
        await _slots[target].WaitAsync(cancellationToken).ConfigureAwait(false);
        state.RequestStarted();
        var started = options.TimeProvider.GetTimestamp();
        WriteOutcome outcome;
        try
        {
            outcome = await http.WriteAsync(target, batch.Destination, payload, gzip, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots[target].Release();
        }

        var success = outcome.Kind == WriteOutcomeKind.Success;
        state.RequestEnded(options.TimeProvider.GetElapsedTime(started), success, success ? lines : 0, payload.Length);
        if (outcome.Kind == WriteOutcomeKind.Retry)
        {
            breakers[target].OnFailure();
        }
        else
        {
            breakers[target].OnSuccess();
        }

        return outcome;
    }

    private async Task DeadLetterAsync(Batch batch, int line, int target, string reason, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _deadLettered);
        var text = batch.Lines(line, 1);
        var stage = $"influxdb:{destinations[batch.Destination]}@{targets[target].Name}";
        logger.LogWarning("InfluxDB rejected a line for {Stage}: {Reason}", stage, reason);
        if (deadLetters is not null)
        {
            var letter = new InfluxDeadLetter(reason, "sink-rejected", stage, batch.Tenant(line), text[..^1].ToArray(), batch.Source(line));
            await deadLetters.PublishAsync(letter, cancellationToken).ConfigureAwait(false);
        }
    }
}
