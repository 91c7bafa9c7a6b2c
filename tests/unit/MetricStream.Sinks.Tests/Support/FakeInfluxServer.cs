using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using MetricStream.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MetricStream.Sinks.Tests.Support;

/// <summary>A request the fake server received, with its body decompressed.</summary>
public sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Query, string? Authorization, string? ContentEncoding, string Body, DateTimeOffset FakeTime);

/// <summary>What the fake server answers.</summary>
public sealed record FakeAnswer(int Status, string Body = "", string? RetryAfter = null);

/// <summary>
/// A local HTTP listener (Kestrel on 127.0.0.1) standing in for InfluxDB: records every request (stamped with
/// the test's fake time) and answers with <see cref="Respond"/> (204 by default).
/// </summary>
public sealed class FakeInfluxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();

    private FakeInfluxServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>Decides the answer for a write request (query requests always get an empty 200 result).</summary>
    public Func<ReceivedRequest, FakeAnswer> Respond { get; set; } = _ => new FakeAnswer(204);

    public static async Task<FakeInfluxServer> StartAsync(TimeProvider time)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var server = new FakeInfluxServer(app, new Uri($"http://127.0.0.1:{port}/"));
        app.Run(context => server.HandleAsync(context, time));
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context, TimeProvider time)
    {
        var request = context.Request;
        Stream body = request.Body;
        if (request.Headers.ContentEncoding.ToString() == "gzip")
        {
            body = new GZipStream(body, CompressionMode.Decompress);
        }

        using var reader = new StreamReader(body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var received = new ReceivedRequest(
            request.Path.Value ?? string.Empty,
            request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            request.Headers.Authorization.Count == 0 ? null : request.Headers.Authorization.ToString(),
            request.Headers.ContentEncoding.Count == 0 ? null : request.Headers.ContentEncoding.ToString(),
            text,
            time.GetUtcNow());
        if (received.Path == "/query")
        {
            await context.Response.WriteAsync("{\"results\":[{\"statement_id\":0}]}");
            return;
        }

        _requests.Enqueue(received);
        var answer = Respond(received);
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
