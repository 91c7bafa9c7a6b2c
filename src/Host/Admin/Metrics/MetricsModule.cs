using MetricStream.Observability.Metrics;
using MetricStream.Observability.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MetricStream.Host.Admin.Metrics;

/// <summary>
/// <c>GET /metrics</c> on the admin listener, in the Prometheus text format (0.0.4), with every role in the
/// process: the process figures, the streams applications and their alert counters, the InfluxDB sink, and the
/// edge's own registry when the edge runs here. No admin key: Prometheus scrapes it (bind the listener to a
/// private address). docs/METRICS.md lists every family.
/// </summary>
internal sealed class MetricsModule : IAdminModule
{
    private readonly AdminContext _context;
    private readonly MetricsRegistry _registry;

    /// <summary>Collects from what runs in <paramref name="context"/>.</summary>
    /// <param name="context">The roles in this process.</param>
    public MetricsModule(AdminContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _registry = ProcessMetrics.AddTo(new MetricsRegistry());
        _registry.Collector(writer => StreamsMetricsCollector.Write(writer, context.Applications));
        _registry.Collector(writer => SinkMetricsCollector.Write(writer, context.Sinks?.Snapshot()));
        _registry.Collector(writer => WebhookMetricsCollector.Write(writer, context.Webhooks?.Notifiers));
    }

    /// <summary>The whole scrape, as served.</summary>
    /// <returns>The exposition text.</returns>
    public string Render()
    {
        var writer = new MetricsWriter();
        WriteTo(writer);
        return writer.ToString();
    }

    /// <summary>Writes every in-process role's metrics to <paramref name="writer"/> (the scrape, or the OTLP export).</summary>
    /// <param name="writer">Where to write.</param>
    public void WriteTo(MetricsWriter writer)
    {
        _registry.WriteTo(writer);

        // The edge's registry repeats the process families; the writer keeps the first of each name.
        _context.Edge?.Metrics.Registry.WriteTo(writer);
    }

    /// <inheritdoc />
    public void Map(IEndpointRouteBuilder endpoints, AdminKeyCheck auth) =>
        endpoints.MapGet("/metrics", async context =>
        {
            context.Response.ContentType = MetricsRegistry.ContentType;
            await context.Response.WriteAsync(Render(), context.RequestAborted).ConfigureAwait(false);
        });
}
