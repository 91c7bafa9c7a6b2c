using MetricStream.Edge.Producing;
using MetricStream.Edge.Spool;
using Microsoft.Extensions.Logging;

namespace MetricStream.Edge.Http.Internal;

/// <summary>Gets a request's records to Kafka, or into the durable spool when there is one and Kafka is unavailable.</summary>
internal static class RequestDelivery
{
    /// <summary>Produces (no spool) or produces-or-spools the request's records; the outcome decides the answer.</summary>
    public static Task<ProduceOutcome> DeliverAsync(EdgeRuntime runtime, PartitionedPointSink sink, CancellationToken cancellationToken) =>
        runtime.Spool is { } spool
            ? ProduceOrSpoolAsync(runtime, spool, sink, cancellationToken)
            : runtime.Producer.ProduceAsync(sink, cancellationToken);

    /// <summary>
    /// With a spool: requests queue behind spooled ones (per-series order) and go to the spool while the breaker
    /// is open or when the producer refused them before queuing anything; otherwise they are produced. A request
    /// released after its records were queued is not spooled (librdkafka may still deliver them): 503.
    /// </summary>
    private static async Task<ProduceOutcome> ProduceOrSpoolAsync(EdgeRuntime runtime, SpoolLog spool, PartitionedPointSink sink, CancellationToken cancellationToken)
    {
        var records = runtime.Producer.Encode(sink);
        try
        {
            var result = spool.Append(records, onlyIfNotEmpty: !runtime.Breaker.IsOpen);
            if (result == SpoolAppendResult.NotNeeded)
            {
                var outcome = await runtime.Producer.ProduceAsync(records, cancellationToken).ConfigureAwait(false);
                if (outcome != ProduceOutcome.NotSent)
                {
                    return outcome;
                }

                result = spool.Append(records, onlyIfNotEmpty: false);
            }

            if (result == SpoolAppendResult.Full)
            {
                runtime.SpoolMetrics!.Full.Add(1);
                return ProduceOutcome.SpoolFull;
            }

            runtime.SpoolMetrics!.Appended.Add(records.Count);
            return ProduceOutcome.Spooled;
        }
        catch (IOException ex)
        {
            runtime.Logger.LogError(ex, "The spool could not be written");
            return ProduceOutcome.Failed;
        }
    }
}
