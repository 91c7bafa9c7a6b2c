using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using MetricStream.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MetricStream.Sinks.Tests.Support;

/// <summary>
/// A request the receiver got, exactly as it arrived: method, path, raw query string and its decoded values,
/// every header (names case-insensitive), the body bytes as sent and the body as text (gunzipped when the
/// request said <c>Content-Encoding: gzip</c>), stamped with the test's fake time.
/// </summary>
public sealed record ReceivedRequest(
    string Method,
    string Path,
    string QueryString,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    byte[] RawBody,
    string Body,
    DateTimeOffset FakeTime)
{
    public string? Authorization => Header("Authorization");

    public string? ContentEncoding => Header("Content-Encoding");

    public string? ContentType => Header("Content-Type");

    /// <summary>A header's value, null when the request did not have it.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The body parsed as JSON.</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.Clone();
    }
}

/// <summary>What the receiver answers; <see cref="Hang"/> makes it wait until the client aborts (a timeout).</summary>
public sealed record HttpAnswer(int Status, string Body = "", string? RetryAfter = null, bool Hang = false);

/// <summary>
/// A local HTTP listener (Kestrel on 127.0.0.1, a free port) standing in for InfluxDB or an alert receiver:
/// records every request on any path and answers with <see cref="Respond"/> (204 by default).
/// </summary>
public sealed class LocalHttpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private int _count;

    private LocalHttpReceiver(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The base address, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Url { get; }

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>Decides the answer from the request and how many requests came before it.</summary>
    public Func<ReceivedRequest, int, HttpAnswer> Respond { get; set; } = (_, _) => new HttpAnswer(204);

    public static async Task<LocalHttpReceiver> StartAsync(TimeProvider time)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new LocalHttpReceiver(app, new Uri($"http://127.0.0.1:{port}/"));
        app.Run(context => receiver.HandleAsync(context, time));
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static async Task<string> TextAsync(byte[] raw, bool gzip)
    {
        if (!gzip)
        {
            return Encoding.UTF8.GetString(raw);
        }

        await using var unzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
        using var reader = new StreamReader(unzip, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private async Task HandleAsync(HttpContext context, TimeProvider time)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var raw = buffer.ToArray();
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var received = new ReceivedRequest(
            request.Method,
            request.Path.Value ?? string.Empty,
            request.QueryString.Value ?? string.Empty,
            request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
            headers,
            raw,
            await TextAsync(raw, request.Headers.ContentEncoding.ToString() == "gzip"),
            time.GetUtcNow());
        var before = Interlocked.Increment(ref _count) - 1;
        _requests.Enqueue(received);
        var answer = Respond(received, before);
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

        if (answer.Body.Length > 0)
        {
            await context.Response.WriteAsync(answer.Body);
        }
    }
}
