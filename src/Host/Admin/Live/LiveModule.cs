using System.Text.Json;
using MetricStream.Host.Admin.Live.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MetricStream.Host.Admin.Live;

/// <summary>
/// <c>GET /api/live</c>: server-sent events, one <c>data: {frame}</c> event per second (the first at once) until the
/// client goes or the listener stops. A frame is
/// <c>{"time","seq","edge":{...}|null,"topologies":[...],"sink":{...}|null}</c>: the edge's per-tenant points/s
/// accepted, rejected and throttled, 429s and produce latency; per topology records/s, window closes, late
/// records and consumer lag per partition; the InfluxDB sink's write rate, latency, retries and circuit states.
/// Rates are per second over the last interval, computed per connection. Public like <c>/metrics</c>: it carries
/// counts, no data points and no settings.
/// </summary>
/// <param name="context">The roles in this process.</param>
internal sealed class LiveModule(AdminContext context) : IAdminModule
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Time between frames.</summary>
    public static TimeSpan Interval { get; } = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    public void Map(IEndpointRouteBuilder endpoints, AdminKeyCheck auth)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/live", StreamAsync);
    }

    /// <summary>One frame, for a connection's tracker.</summary>
    /// <param name="rates">The connection's counters of the previous frame.</param>
    /// <param name="seq">Frame number on this connection.</param>
    /// <returns>The frame.</returns>
    internal Dictionary<string, object?> Frame(RateTracker rates, long seq) => new()
    {
        ["time"] = context.Time.GetUtcNow(),
        ["seq"] = seq,
        ["edge"] = context.Edge is { } edge ? EdgeFrame.Build(edge.Metrics.Registry.Render(), rates) : null,
        ["topologies"] = StreamsFrame.Build(context.Applications, rates),
        ["sink"] = context.Sinks?.Snapshot() is { } sink ? SinkFrame.Build(sink, rates) : null,
    };

    private async Task StreamAsync(HttpContext http)
    {
        var stopping = http.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        http.Response.ContentType = "text/event-stream; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var rates = new RateTracker();
        using var timer = new PeriodicTimer(Interval, context.Time);
        var last = context.Time.GetTimestamp();
        try
        {
            for (long seq = 0; ; seq++)
            {
                var now = context.Time.GetTimestamp();
                rates.Next(seq == 0 ? 0 : context.Time.GetElapsedTime(last, now).TotalSeconds);
                last = now;
                var frame = JsonSerializer.Serialize(Frame(rates, seq), Json);
                await http.Response.WriteAsync("data: " + frame + "\n\n", done.Token).ConfigureAwait(false);
                await http.Response.Body.FlushAsync(done.Token).ConfigureAwait(false);
                if (!await timer.WaitForNextTickAsync(done.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
            // The client went away or the listener is stopping: the stream just ends.
        }
    }
}
