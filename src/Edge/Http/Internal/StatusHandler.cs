using System.Globalization;
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

    public Task ReadyAsync(HttpContext context)
    {
        var reasons = new List<string>();
        if (runtime.Draining)
        {
            reasons.Add("shutting down");
        }

        if (runtime.Breaker.IsOpen)
        {
            reasons.Add("Kafka is unavailable");
        }

        var status = reasons.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.StatusCode = status;
        Count("/readyz", status);
        return Responses.WriteJsonAsync(context, writer =>
        {
            writer.WriteString("status", reasons.Count == 0 ? "ready" : "not ready");
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
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await context.Response.WriteAsync(runtime.Metrics.Registry.Render(), context.RequestAborted).ConfigureAwait(false);
    }

    private void Count(string endpoint, int status) =>
        runtime.Metrics.Requests.Add(1, endpoint, status.ToString(CultureInfo.InvariantCulture));
}
