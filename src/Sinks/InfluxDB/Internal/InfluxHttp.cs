using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MetricStream.Sinks.Resilience.Internal;

namespace MetricStream.Sinks.InfluxDB.Internal;

/// <summary>
/// The HTTP side: one <see cref="SocketsHttpHandler"/> (keep-alive connections, pooled per target) for every
/// target, write URLs built once per (target, destination), answers classified into <see cref="WriteOutcome"/>.
/// Thread-safe.
/// </summary>
internal sealed class InfluxHttp : IDisposable
{
    private static readonly MediaTypeHeaderValue LineProtocol = MediaTypeHeaderValue.Parse("text/plain; charset=utf-8");
    private readonly HttpClient _client;
    private readonly InfluxSinkOptions _options;
    private readonly Uri[,] _writeUris;
    private readonly bool[] _gzip;

    public InfluxHttp(InfluxSinkOptions options, IReadOnlyList<string> destinations)
    {
        _options = options;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(options.MaxConcurrentRequestsPerTarget, 1) + 1,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };

        // InfluxDB 2's write API documents JSON error bodies for this Accept; 1.x ignores it.
        _client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _gzip = [.. options.Targets.Select(t => options.Gzip && (options.GzipLoopback || !IsLoopback(t.Url)))];
        _writeUris = new Uri[options.Targets.Count, destinations.Count];
        for (var t = 0; t < options.Targets.Count; t++)
        {
            for (var d = 0; d < destinations.Count; d++)
            {
                _writeUris[t, d] = WriteUri(options.Targets[t], destinations[d], options.Destinations[destinations[d]]);
            }
        }
    }

    /// <summary>The write URL of target <paramref name="target"/> for destination <paramref name="destination"/>.</summary>
    public Uri WriteUriFor(int target, int destination) => _writeUris[target, destination];

    /// <summary>True when request bodies for <paramref name="target"/> are gzip-compressed (see <see cref="InfluxSinkOptions.GzipLoopback"/>).</summary>
    public bool Compresses(int target) => _gzip[target];

    /// <summary>POSTs <paramref name="body"/> (gzip-compressed when <paramref name="gzip"/>) and classifies the answer.</summary>
    public async Task<WriteOutcome> WriteAsync(int target, int destination, ReadOnlyMemory<byte> body, bool gzip, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _writeUris[target, destination]);
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = LineProtocol;
        if (gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        request.Content = content;
        Authorize(request, _options.Targets[target]);
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            return await ClassifyAsync(response, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WriteOutcome(WriteOutcomeKind.Retry, $"no answer within {_options.RequestTimeout.TotalSeconds:0.#} s", null);
        }
        catch (HttpRequestException ex)
        {
            return new WriteOutcome(WriteOutcomeKind.Retry, ex.Message, null);
        }
    }

    /// <summary>Runs an InfluxQL statement with POST /query; returns null on success or the error text.</summary>
    public async Task<string?> QueryAsync(int target, string influxQl, CancellationToken cancellationToken)
    {
        var options = _options.Targets[target];
        var uri = new Uri(options.Url, "query?q=" + Uri.EscapeDataString(influxQl) + Credentials(options));
        using var request = new HttpRequestMessage(HttpMethod.Post, uri);
        Authorize(request, options);
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        using var response = await _client.SendAsync(request, linked.Token).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return $"{(int)response.StatusCode}: {ErrorText(text)}";
        }

        using var json = JsonDocument.Parse(text);
        foreach (var result in json.RootElement.GetProperty("results").EnumerateArray())
        {
            if (result.TryGetProperty("error", out var error))
            {
                return error.GetString();
            }
        }

        return null;
    }

    public void Dispose() => _client.Dispose();

    private static async Task<WriteOutcome> ClassifyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return new WriteOutcome(WriteOutcomeKind.Success, null, null);
        }

        var text = ErrorText(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        var message = string.Create(CultureInfo.InvariantCulture, $"{status} {response.ReasonPhrase}: {text}");
        return status switch
        {
            400 or 413 => new WriteOutcome(WriteOutcomeKind.Rejected, text.Length > 0 ? text : message, null),
            404 when text.Contains("database not found", StringComparison.OrdinalIgnoreCase) => new WriteOutcome(WriteOutcomeKind.Retry, message, null, DatabaseMissing: true),
            429 or 503 => new WriteOutcome(WriteOutcomeKind.Retry, message, RetryAfterHeader.Read(response)),
            _ => new WriteOutcome(WriteOutcomeKind.Retry, message, null),
        };
    }

    private static string ErrorText(string body)
    {
        var trimmed = body.Trim();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var json = JsonDocument.Parse(trimmed);
                foreach (var name in (string[])["error", "message"])
                {
                    if (json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        return value.GetString() ?? trimmed;
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: keep the text.
            }
        }

        return trimmed.Length > 2000 ? trimmed[..2000] : trimmed;
    }

    private static void Authorize(HttpRequestMessage request, InfluxTargetOptions target)
    {
        if (!string.IsNullOrEmpty(target.Token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", target.Token);
        }
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static string Credentials(InfluxTargetOptions target) =>
        target.Username is null ? string.Empty : "&u=" + Uri.EscapeDataString(target.Username) + "&p=" + Uri.EscapeDataString(target.Password ?? string.Empty);

    private Uri WriteUri(InfluxTargetOptions target, string name, InfluxDestinationOptions destination) => _options.Api == InfluxApiVersion.V1
        ? new Uri(target.Url, "write?db=" + Uri.EscapeDataString(destination.Database) + "&rp=" + Uri.EscapeDataString(destination.RetentionPolicyFor(name)) + "&precision=ns" + Credentials(target))
        : new Uri(target.Url, "api/v2/write?org=" + Uri.EscapeDataString(target.Organization ?? string.Empty) + "&bucket=" + Uri.EscapeDataString(destination.BucketFor(name)) + "&precision=ns");
}
