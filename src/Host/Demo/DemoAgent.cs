using System.Net;
using System.Net.Http.Headers;
using MetricStream.Edge.Ingest;
using MetricStream.Edge.LineProtocol;
using Microsoft.Extensions.Logging;

namespace MetricStream.Host.Demo;

/// <summary>
/// The built-in agent simulator of <c>metricstream up --demo</c>: posts <see cref="DemoHostMetrics"/> samples as
/// line protocol to the edge's <c>/api/v2/write</c> (bucket <c>demo</c>, precision seconds) with an API key,
/// the way Telegraf's influxdb_v2 output does.
/// </summary>
/// <remarks>
/// On start it first backfills <see cref="DemoAgentOptions.Backfill"/> of history, one request per sample time,
/// oldest first, so that the 1-minute windows of that past close as soon as the stream time passes their end
/// plus grace and rollups appear within a minute of start. Then it posts one sample every
/// <see cref="DemoAgentOptions.Interval"/> on the ticks of that interval. A request answered 429 or 5xx, or not
/// answered, is retried a few times one second apart, then counted as an error; the agent goes on.
/// </remarks>
internal sealed class DemoAgent
{
    private const int Attempts = 3;
    private readonly HttpClient _http;
    private readonly DemoAgentOptions _options;
    private readonly DemoHostMetrics _metrics;
    private readonly DemoProgress _progress;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Uri _writeUrl;

    /// <summary>Creates the agent; <see cref="RunAsync"/> starts it.</summary>
    /// <param name="http">Client used for every request (the caller owns it).</param>
    /// <param name="options">Where to post, with which key, how often.</param>
    /// <param name="metrics">The simulated hosts.</param>
    /// <param name="progress">Counters and the progress line.</param>
    /// <param name="time">Clock of the sample ticks.</param>
    /// <param name="logger">Logs failed requests.</param>
    public DemoAgent(HttpClient http, DemoAgentOptions options, DemoHostMetrics metrics, DemoProgress progress, TimeProvider time, ILogger logger)
    {
        _http = http;
        _options = options;
        _metrics = metrics;
        _progress = progress;
        _time = time;
        _logger = logger;
        _writeUrl = new Uri(options.Edge, "api/v2/write?bucket=demo&precision=s");
    }

    /// <summary>Backfills, then posts a sample per interval until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">Stops the agent.</param>
    /// <returns>Completes (without throwing) when stopped.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var interval = _options.Interval;
            var now = _time.GetUtcNow();
            var tick = Floor(now - _options.Backfill, interval);
            for (; tick <= now; tick += interval)
            {
                await PostAsync(tick, cancellationToken);
            }

            while (true)
            {
                var wait = tick - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, cancellationToken);
                }

                await PostAsync(tick, cancellationToken);
                tick += interval;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private static DateTimeOffset Floor(DateTimeOffset time, TimeSpan interval) =>
        new(time.UtcTicks - (time.UtcTicks % interval.Ticks), TimeSpan.Zero);

    private async Task PostAsync(DateTimeOffset tick, CancellationToken cancellationToken)
    {
        var points = _metrics.Sample(tick);
        var body = LineProtocolFormatter.FormatBody(points, TimestampPrecision.Seconds);
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            var retryable = true;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, _writeUrl) { Content = new ByteArrayContent(body) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Token", _options.ApiKey);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
                using var response = await _http.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    _progress.Sent(points.Count);
                    return;
                }

                failure = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
                retryable = Retryable(response.StatusCode);
            }
            catch (HttpRequestException ex)
            {
                failure = ex.Message;
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = $"timeout: {ex.Message}";
            }

            if (attempt >= Attempts || !retryable)
            {
                _logger.LogWarning("Demo agent: the write of {Points} points at {Time:O} failed: {Failure}", points.Count, tick, failure);
                _progress.Failed();
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken);
        }
    }

    private static bool Retryable(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests || (int)status >= 500;
}
