using System.Globalization;
using System.Net.Http.Headers;

namespace MetricStream.IntegrationTests.Pipeline;

/// <summary>One raw point the test posted: series (host), event time in ns and its value.</summary>
internal readonly record struct SentPoint(string Host, long TimeNanos, double Value);

/// <summary>A 1-minute rollup of one host's <c>usage_user</c>: the fields the test checks.</summary>
internal readonly record struct MinuteRollup(long Count, double Sum, double Min, double Max);

/// <summary>
/// Posts <c>cpu,host=hN usage_user=V</c> points through the edge's <c>/api/v2/write</c> and records exactly
/// the points of the requests the edge acknowledged (2xx). Point <c>k</c> (counting over all requests) has
/// host <c>h{k % hosts}</c>, event time <c>start + k * step</c> and value <c>k + 0.5</c>: unique values, and
/// sums of them are exact in a double, so rollups compare with <c>==</c>.
/// </summary>
internal sealed class AckedPoints(Uri edge, string apiKey, DateTimeOffset start, TimeSpan step, int hosts, int pointsPerRequest)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly List<SentPoint> _acked = [];
    private int _next;

    /// <summary>Points of acknowledged requests, in posting order.</summary>
    public IReadOnlyList<SentPoint> Acked => _acked;

    /// <summary>Requests the edge answered with 2xx.</summary>
    public int AckedRequests { get; private set; }

    /// <summary>Requests that failed (non-2xx or no answer); their points are not expected anywhere.</summary>
    public int FailedRequests { get; private set; }

    /// <summary>Event time just after the last data point posted so far.</summary>
    public DateTimeOffset End => start + (step * _next);

    /// <summary>Posts the next <c>pointsPerRequest</c> points as one request.</summary>
    public Task PostNextAsync()
    {
        var points = Enumerable.Range(_next, pointsPerRequest)
            .Select(k => new SentPoint($"h{k % hosts}", ToNanos(start + (step * k)), k + 0.5))
            .ToList();
        _next += pointsPerRequest;
        return PostAsync(points);
    }

    /// <summary>Posts one point per host at <paramref name="time"/>, to move every series' partition's stream time there.</summary>
    public Task PostClosersAsync(DateTimeOffset time) =>
        PostAsync([.. Enumerable.Range(0, hosts).Select(h => new SentPoint($"h{h}", ToNanos(time), -1 - h))]);

    /// <summary>The 1-minute rollups recomputed from the acknowledged points in [from, to), by (host, window start ns).</summary>
    public IReadOnlyDictionary<(string Host, long WindowNanos), MinuteRollup> MinuteRollups(DateTimeOffset from, DateTimeOffset to)
    {
        var minute = TimeSpan.FromMinutes(1).Ticks * 100;
        return _acked
            .Where(p => p.TimeNanos >= ToNanos(from) && p.TimeNanos < ToNanos(to))
            .GroupBy(p => (p.Host, p.TimeNanos - (p.TimeNanos % minute)))
            .ToDictionary(
                g => g.Key,
                g => new MinuteRollup(g.LongCount(), g.Sum(p => p.Value), g.Min(p => p.Value), g.Max(p => p.Value)));
    }

    /// <summary>Nanoseconds since the Unix epoch.</summary>
    public static long ToNanos(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks * 100;

    private async Task PostAsync(IReadOnlyList<SentPoint> points)
    {
        var body = string.Join('\n', points.Select(p =>
            string.Create(CultureInfo.InvariantCulture, $"cpu,host={p.Host} usage_user={p.Value:R} {p.TimeNanos}")));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(edge, "api/v2/write?bucket=b&precision=ns")) { Content = new StringContent(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", apiKey);
        try
        {
            using var response = await Http.SendAsync(request);
            if (response.IsSuccessStatusCode)
            {
                _acked.AddRange(points);
                AckedRequests++;
                return;
            }
        }
        catch (HttpRequestException)
        {
            // Not acknowledged: its points are not expected.
        }
        catch (TaskCanceledException)
        {
            // Timed out: not acknowledged either.
        }

        FailedRequests++;
    }
}
