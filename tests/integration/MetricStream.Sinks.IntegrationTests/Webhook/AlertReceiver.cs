using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MetricStream.Sinks.IntegrationTests.Webhook;

/// <summary>A real local HTTP receiver (Kestrel) on a given port, collecting the JSON bodies it is sent.</summary>
internal sealed class AlertReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<JsonElement> _bodies = new();

    private AlertReceiver(WebApplication app) => _app = app;

    public IReadOnlyList<JsonElement> Bodies => [.. _bodies];

    public static Uri UrlFor(int port) => new($"http://127.0.0.1:{port}/alerts");

    public static async Task<AlertReceiver> StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new AlertReceiver(app);
        app.MapPost("/alerts", async (HttpContext context) =>
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body);
            receiver._bodies.Enqueue(document.RootElement.Clone());
            return Results.NoContent();
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
