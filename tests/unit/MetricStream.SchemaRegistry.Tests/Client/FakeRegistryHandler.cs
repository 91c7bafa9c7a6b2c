using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace MetricStream.SchemaRegistry.Tests.Client;

/// <summary>An in-process stand-in for the registry's HTTP answers, recording every request it receives.</summary>
internal sealed class FakeRegistryHandler(Func<FakeRegistryHandler.Received, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    private readonly ConcurrentQueue<Received> _requests = new();

    public IReadOnlyList<Received> Requests => _requests.ToArray();

    public int Count => _requests.Count;

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/vnd.schemaregistry.v1+json") };

    public static FakeRegistryHandler Always(HttpStatusCode status, string json) =>
        new((_, _) => Task.FromResult(Json(status, json)));

    /// <summary>Answers the n-th request (0-based) with <paramref name="answers"/>[n], repeating the last one.</summary>
    public static FakeRegistryHandler Sequence(params Func<HttpResponseMessage>[] answers)
    {
        var next = -1;
        return new((_, _) =>
        {
            var i = Math.Min(Interlocked.Increment(ref next), answers.Length - 1);
            return Task.FromResult(answers[i]());
        });
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var received = new Received(
            request.Method,
            request.RequestUri!.PathAndQuery,
            body,
            request.Content?.Headers.ContentType?.MediaType,
            request.Headers.Accept.ToString());
        _requests.Enqueue(received);
        return await respond(received, cancellationToken);
    }

    internal sealed record Received(HttpMethod Method, string PathAndQuery, string? Body, string? ContentType, string Accept);
}
