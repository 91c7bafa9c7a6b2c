using System.Collections.Concurrent;
using System.Text.Json;
using MetricStream.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MetricStream.Sinks.Tests.Webhook;

/// <summary>A request the receiver got: headers of interest, the parsed JSON body and the test's fake time.</summary>
public sealed record WebhookRequest(string? Authorization, string? ContentType, string? Custom, JsonElement Body, DateTimeOffset FakeTime);

/// <summary>An answer; <see cref="Hang"/> makes the receiver wait until the request is aborted (a timeout).</summary>
public sealed record WebhookAnswer(int Status, string? RetryAfter = null, bool Hang = false);

/// <summary>A local HTTP listener (Kestrel on 127.0.0.1, a free port) standing in for an alert receiver.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<WebhookRequest> _requests = new();

    private WebhookReceiver(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public IReadOnlyList<WebhookRequest> Requests => [.. _requests];

    /// <summary>Decides the answer from the request and how many came before it (200 by default).</summary>
    public Func<WebhookRequest, int, WebhookAnswer> Respond { get; set; } = (_, _) => new WebhookAnswer(200);

    public static async Task<WebhookReceiver> StartAsync(TimeProvider time)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, new Uri($"http://127.0.0.1:{port}/hooks/alerts"));
        app.MapPost("/hooks/alerts", context => receiver.HandleAsync(context, time));
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context, TimeProvider time)
    {
        var headers = context.Request.Headers;
        using var document = await JsonDocument.ParseAsync(context.Request.Body);
        var request = new WebhookRequest(
            headers.Authorization.Count == 0 ? null : headers.Authorization.ToString(),
            context.Request.ContentType,
            headers.TryGetValue("X-Custom", out var custom) ? custom.ToString() : null,
            document.RootElement.Clone(),
            time.GetUtcNow());
        var before = _requests.Count;
        _requests.Enqueue(request);
        var answer = Respond(request, before);
        if (answer.Hang)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client gave up: that is the point.
            }

            return;
        }

        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = answer.RetryAfter;
        }
    }
}
