using System.Globalization;
using System.Net.Http.Headers;
using MetricStream.Sinks.Resilience.Internal;

namespace MetricStream.Sinks.Webhook.Internal;

/// <summary>
/// The HTTP side: one keep-alive <see cref="SocketsHttpHandler"/>, a POST per attempt with the configured headers
/// and a per-request timeout on the options' <see cref="TimeProvider"/>, the answer classified. Thread-safe.
/// </summary>
internal sealed class WebhookHttp : IDisposable
{
    private const int MaxMessageChars = 300;
    private static readonly MediaTypeHeaderValue Json = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
    private readonly HttpClient _client;
    private readonly WebhookNotifierOptions _options;

    public WebhookHttp(WebhookNotifierOptions options)
    {
        _options = options;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.MaxConcurrentRequests + 1,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            ConnectTimeout = options.RequestTimeout,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<WebhookOutcome> PostAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.Url);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = Json;
        foreach (var (name, value) in _options.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            return await ClassifyAsync(response, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookOutcome(WebhookOutcomeKind.Retry, string.Create(CultureInfo.InvariantCulture, $"no answer within {_options.RequestTimeout.TotalSeconds:0.###} s"), null);
        }
        catch (HttpRequestException ex)
        {
            return new WebhookOutcome(WebhookOutcomeKind.Retry, ex.Message, null);
        }
    }

    public void Dispose() => _client.Dispose();

    private static async Task<WebhookOutcome> ClassifyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return new WebhookOutcome(WebhookOutcomeKind.Delivered, string.Empty, null);
        }

        var text = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
        var message = string.Create(CultureInfo.InvariantCulture, $"HTTP {status}{(text.Length == 0 ? string.Empty : ": ")}{(text.Length > MaxMessageChars ? text[..MaxMessageChars] : text)}");
        return status switch
        {
            408 or 429 or >= 500 => new WebhookOutcome(WebhookOutcomeKind.Retry, message, RetryAfterHeader.Read(response)),
            _ => new WebhookOutcome(WebhookOutcomeKind.Rejected, message, null),
        };
    }
}
