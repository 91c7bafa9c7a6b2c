using MetricStream.Testing.Prometheus;

namespace MetricStream.IntegrationTests.Observability;

/// <summary>Fetches and strictly parses a <c>/metrics</c> endpoint.</summary>
internal sealed class MetricsScraper : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task<PrometheusScrape> ScrapeAsync(string baseUrl)
    {
        using var response = await _http.GetAsync(baseUrl.TrimEnd('/') + "/metrics");
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue(text);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/plain; version=0.0.4; charset=utf-8");
        return PrometheusTextParser.Parse(text);
    }

    /// <summary>Scrapes until <paramref name="condition"/> holds (or the deadline passes), returning the last scrape.</summary>
    public async Task<PrometheusScrape> ScrapeUntilAsync(string baseUrl, Func<PrometheusScrape, bool> condition, string what, TimeSpan? timeout = null)
    {
        PrometheusScrape? last = null;
        await MetricStream.Testing.Poll.UntilAsync(
            async () => condition(last = await ScrapeAsync(baseUrl)),
            what,
            timeout ?? TimeSpan.FromSeconds(60));
        return last!;
    }

    public void Dispose() => _http.Dispose();
}
