using System.Globalization;
using MetricStream.Observability.Metrics;
using MetricStream.Observability.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MetricStream.SchemaRegistry.Server.Internal;

/// <summary>
/// The registry's RED metrics, per route template (so subjects and ids do not become label values):
/// <c>metricstream_registry_http_requests_total{endpoint,method,status}</c> and
/// <c>metricstream_registry_http_request_duration_seconds{endpoint,method}</c>, plus the process figures.
/// Requests no route matched count as endpoint <c>other</c>.
/// </summary>
internal sealed class RegistryMetrics
{
    private readonly TimeProvider _time;
    private readonly Counter _requests;
    private readonly HistogramFamily _duration;

    public RegistryMetrics(TimeProvider time)
    {
        _time = time;
        Registry = ProcessMetrics.AddTo(new MetricsRegistry());
        _requests = Registry.Counter("metricstream_registry_http_requests_total", "Schema registry requests answered, by route, method and status code.", "endpoint", "method", "status");
        _duration = Registry.Histogram(
            "metricstream_registry_http_request_duration_seconds",
            "Time to answer a schema registry request, by route and method.",
            ["endpoint", "method"],
            0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5);
    }

    public MetricsRegistry Registry { get; }

    /// <summary>Middleware: times the rest of the pipeline and counts the answer. Runs after routing chose the endpoint.</summary>
    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var started = _time.GetTimestamp();
        try
        {
            await next().ConfigureAwait(false);
        }
        finally
        {
            var endpoint = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } route && !route.Contains("*path", StringComparison.Ordinal)
                ? "/" + route.TrimStart('/')
                : "other";
            var method = context.Request.Method;
            _requests.Add(1, endpoint, method, context.Response.StatusCode.ToString(CultureInfo.InvariantCulture));
            _duration.WithLabels(endpoint, method).Observe(_time.GetElapsedTime(started).TotalSeconds);
        }
    }

    public Task WriteAsync(HttpContext context)
    {
        context.Response.ContentType = MetricsRegistry.ContentType;
        return context.Response.WriteAsync(Registry.Render(), context.RequestAborted);
    }
}
