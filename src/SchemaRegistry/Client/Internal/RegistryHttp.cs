using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MetricStream.SchemaRegistry.Rest;
using MetricStream.SchemaRegistry.Rest.Internal;

namespace MetricStream.SchemaRegistry.Client.Internal;

/// <summary>
/// Sends one REST call with the retry policy of <see cref="SchemaRegistryClientOptions"/>: each attempt is
/// bounded by the request timeout; connection failures, timeouts, 5xx, 408 and 429 are retried after a
/// backoff; any other error answer becomes a <see cref="SchemaRegistryException"/> at once. Every wait uses
/// the <see cref="TimeProvider"/>, so tests drive it with fake time. Thread-safe (stateless per call).
/// </summary>
internal sealed class RegistryHttp(HttpClient http, SchemaRegistryClientOptions options, TimeProvider time, Backoff backoff)
{
    private static readonly MediaTypeWithQualityHeaderValue[] Accept =
    [
        new(RegistryMediaTypes.V1Json),
        new(RegistryMediaTypes.Json, 0.9),
        new(RegistryMediaTypes.PlainJson, 0.5),
    ];

    /// <summary>Sends <paramref name="method"/> <paramref name="path"/> (relative to the registry URL) and reads the answer as <typeparamref name="T"/>.</summary>
    public async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var payload = body is null ? null : JsonSerializer.Serialize(body, RestJson.Options);
        var attempts = Math.Max(1, options.MaxAttempts);
        for (var attempt = 1; ; attempt++)
        {
            Exception failure;
            using (var timeout = new CancellationTokenSource(options.RequestTimeout, time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                try
                {
                    using var request = CreateRequest(method, path, payload);
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
                    var text = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        return Deserialize<T>(text, method, path);
                    }

                    var error = ToException(response.StatusCode, text);
                    if (!IsTransient(response.StatusCode))
                    {
                        throw error;
                    }

                    failure = error;
                }
                catch (HttpRequestException ex)
                {
                    failure = ex;
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = new TimeoutException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"No answer within {options.RequestTimeout.TotalSeconds:0.###} s"), ex);
                }
            }

            if (attempt >= attempts)
            {
                throw failure as SchemaRegistryException ?? new SchemaRegistryException(
                    string.Create(CultureInfo.InvariantCulture, $"Schema registry {options.Url} failed {method} /{path} after {attempt} attempt(s): {failure.Message}"),
                    failure);
            }

            await Task.Delay(backoff.After(attempt), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>True for answers worth another attempt: the server's trouble, not the request's.</summary>
    internal static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    private static HttpRequestMessage CreateRequest(HttpMethod method, string path, string? payload)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        foreach (var accept in Accept)
        {
            request.Headers.Accept.Add(accept);
        }

        if (payload is not null)
        {
            request.Content = new StringContent(payload, Encoding.UTF8, RegistryMediaTypes.V1Json);
        }

        return request;
    }

    private static T Deserialize<T>(string text, HttpMethod method, string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text, RestJson.Options)
                ?? throw new SchemaRegistryException($"Schema registry answered {method} /{path} with an empty body");
        }
        catch (JsonException ex)
        {
            throw new SchemaRegistryException($"Schema registry answered {method} /{path} with a body that is not the expected JSON: {ex.Message}", ex);
        }
    }

    private static SchemaRegistryException ToException(HttpStatusCode status, string text)
    {
        ErrorResponse? error = null;
        try
        {
            error = JsonSerializer.Deserialize<ErrorResponse>(text, RestJson.Options);
        }
        catch (JsonException)
        {
            // Not Confluent's error body (a proxy's HTML page, say): keep the raw text.
        }

        var code = error is { ErrorCode: > 0 } ? error.ErrorCode : (int)status;
        var message = error?.Message ?? (text.Length > 500 ? text[..500] : text);
        return new SchemaRegistryException(status, code, message);
    }
}
