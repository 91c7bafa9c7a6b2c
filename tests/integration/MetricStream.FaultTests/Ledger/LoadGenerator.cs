using System.Globalization;
using System.Net.Http.Headers;

namespace MetricStream.FaultTests.Ledger;

/// <summary>A point the load generator sent: its id (also its value's integer part), series host, event time (ns), value.</summary>
internal readonly record struct SentPoint(long Id, string Host, long TimeNanos, double Value);

/// <summary>
/// Posts <c>{measurement},host=hN value=V</c> through the edge's <c>/api/v2/write</c> and keeps the ledger:
/// every point it sent, and which of them the edge acknowledged (2xx). Point <c>k</c> (counted over all
/// requests) has id <c>k</c>, host <c>h{k % hosts}</c>, event time <c>start + k * step</c> and value
/// <c>k + 0.5</c>: the value names the point, and sums of such values are exact in a double, so
/// rollups compare with <c>==</c>. Closing points (<see cref="PostClosersAsync"/>) get negative ids.
/// Requests are posted one at a time (each series' points reach the edge in event-time order).
/// </summary>
internal sealed class LoadGenerator(Uri edge, string apiKey, string measurement, DateTimeOffset start, TimeSpan step, int hosts, int pointsPerRequest)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly Lock _lock = new();
    private readonly List<SentPoint> _acked = [];
    private readonly List<SentPoint> _unacked = [];
    private long _next;
    private long _closers;

    /// <summary>The edge posted to; change it when the edge moves (a restarted edge on a new port).</summary>
    public Uri Edge { get; set; } = edge;

    /// <summary>The measurement every point is written to.</summary>
    public string Measurement => measurement;

    /// <summary>The event time of point 0.</summary>
    public DateTimeOffset Start => start;

    /// <summary>Points of acknowledged requests, in posting order.</summary>
    public IReadOnlyList<SentPoint> Acked
    {
        get
        {
            lock (_lock)
            {
                return [.. _acked];
            }
        }
    }

    /// <summary>Points of requests that failed or got no answer: not owed, but they may have reached Kafka.</summary>
    public IReadOnlyList<SentPoint> Unacked
    {
        get
        {
            lock (_lock)
            {
                return [.. _unacked];
            }
        }
    }

    /// <summary>Requests answered 2xx.</summary>
    public int AckedRequests { get; private set; }

    /// <summary>Requests answered otherwise, or not at all; by status (0: no answer).</summary>
    public Dictionary<int, int> FailedRequests { get; } = [];

    /// <summary>Event time just after the last data point posted so far.</summary>
    public DateTimeOffset DataEnd => start + (step * Interlocked.Read(ref _next));

    /// <summary>Posts the next <c>pointsPerRequest</c> points as one request; true when acknowledged.</summary>
    public Task<bool> PostNextAsync()
    {
        var first = Interlocked.Add(ref _next, pointsPerRequest) - pointsPerRequest;
        var points = new List<SentPoint>(pointsPerRequest);
        for (var k = first; k < first + pointsPerRequest; k++)
        {
            points.Add(new SentPoint(k, $"h{k % hosts}", ToNanos(start + (step * k)), k + 0.5));
        }

        return PostAsync(points);
    }

    /// <summary>
    /// Posts requests until <paramref name="cancellationToken"/> fires or event time reaches <paramref name="until"/>,
    /// at most one request per <paramref name="interval"/> (a steady load, not a flood).
    /// </summary>
    public async Task RunAsync(TimeSpan interval, DateTimeOffset until, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (DataEnd + (step * pointsPerRequest) <= until && await timer.WaitForNextTickAsync(cancellationToken))
            {
                await PostNextAsync();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the scenario.
        }
    }

    /// <summary>Posts one point per host at <paramref name="time"/>, moving every series' partition's stream time there.</summary>
    public Task<bool> PostClosersAsync(DateTimeOffset time)
    {
        var points = new List<SentPoint>(hosts);
        for (var h = 0; h < hosts; h++)
        {
            var id = -1 - Interlocked.Increment(ref _closers);
            points.Add(new SentPoint(id, $"h{h}", ToNanos(time), id + 0.5));
        }

        return PostAsync(points);
    }

    /// <summary>Nanoseconds since the Unix epoch.</summary>
    public static long ToNanos(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks * 100;

    /// <summary>The id a value names (inverse of <c>k + 0.5</c>).</summary>
    public static long IdOf(double value) => (long)Math.Floor(value);

    private async Task<bool> PostAsync(List<SentPoint> points)
    {
        var body = string.Join('\n', points.Select(p =>
            string.Create(CultureInfo.InvariantCulture, $"{measurement},host={p.Host} value={p.Value:R} {p.TimeNanos}")));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Edge, "api/v2/write?bucket=ledger&precision=ns")) { Content = new StringContent(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", apiKey);
        var status = 0;
        try
        {
            using var response = await Http.SendAsync(request);
            status = (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            // No answer (the edge is down or died mid-request): not acknowledged.
        }
        catch (TaskCanceledException)
        {
            // Timed out: not acknowledged either.
        }

        lock (_lock)
        {
            if (status is >= 200 and < 300)
            {
                _acked.AddRange(points);
                AckedRequests++;
                return true;
            }

            _unacked.AddRange(points);
            FailedRequests[status] = FailedRequests.GetValueOrDefault(status) + 1;
            return false;
        }
    }
}
