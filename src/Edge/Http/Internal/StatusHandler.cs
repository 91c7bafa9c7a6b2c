using System.Globalization;
using MetricStream.Edge.Spool;
using MetricStream.Observability.Metrics;
using Microsoft.AspNetCore.Http;

namespace MetricStream.Edge.Http.Internal;

/// <summary><c>GET /healthz</c> (the process answers), <c>GET /readyz</c> (ready for writes) and <c>GET /metrics</c>.</summary>
internal sealed class StatusHandler(EdgeRuntime runtime)
{
    public Task HealthAsync(HttpContext context)
    {
        Count("/healthz", StatusCodes.Status200OK);
        return Responses.WriteJsonAsync(context, writer => writer.WriteString("status", "ok"));
    }

    /// <summary>
    /// Ready (200) unless draining, or Kafka is unavailable with no spool to take writes (or a full one). With a
    /// spool that has room the edge still accepts writes while Kafka is down (they are fsync'd and replayed), so it
    /// stays ready; the body says why: <c>{"status","kafka":"up|down","spool":"none|accepting|full","reasons":[]}</c>.
    /// </summary>
    public Task ReadyAsync(HttpContext context)
    {
        var reasons = new List<string>();
        if (runtime.Draining)
        {
            reasons.Add("shutting down");
        }

        var kafkaDown = runtime.Breaker.IsOpen;
        var spool = runtime.Spool is not { } log ? "none" : HasRoom(log) ? "accepting" : "full";
        if (kafkaDown && spool != "accepting")
        {
            reasons.Add(spool == "full" ? "Kafka is unavailable and the spool is full" : "Kafka is unavailable");
        }

        var status = reasons.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.StatusCode = status;
        Count("/readyz", status);
        return Responses.WriteJsonAsync(context, writer =>
        {
            writer.WriteString("status", reasons.Count == 0 ? "ready" : "not ready");
            writer.WriteString("kafka", kafkaDown ? "down" : "up");
            writer.WriteString("spool", spool);
            writer.WriteStartArray("reasons");
            foreach (var reason in reasons)
            {
                writer.WriteStringValue(reason);
            }

            writer.WriteEndArray();
        });
    }

    public async Task MetricsAsync(HttpContext context)
    {
        Count("/metrics", StatusCodes.Status200OK);
        context.Response.ContentType = MetricsRegistry.ContentType;
        await context.Response.WriteAsync(runtime.Metrics.Registry.Render(), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Room for more than a sliver: a request bigger than the space left is refused even before the spool is
    /// byte-for-byte full, so a nearly full spool (less than min(1 MiB, a 16th of its bound) left) reads as full.
    /// </summary>
    private static bool HasRoom(SpoolLog log) => log.MaxBytes - log.SizeBytes >= Math.Min(1024 * 1024, log.MaxBytes / 16);

    private void Count(string endpoint, int status) =>
        runtime.Metrics.Requests.Add(1, endpoint, status.ToString(CultureInfo.InvariantCulture));
}
