namespace MetricStream.Host.Demo;

/// <summary>Where and how often the <see cref="DemoAgent"/> posts.</summary>
internal sealed record DemoAgentOptions
{
    /// <summary>The edge's base URL, e.g. <c>http://127.0.0.1:8080/</c>.</summary>
    public required Uri Edge { get; init; }

    /// <summary>The API key the agent writes with (tenant <c>demo</c> in <c>metricstream up</c>).</summary>
    public required string ApiKey { get; init; }

    /// <summary>Time between two samples of every host. Default 10 s, Telegraf's default interval.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// History posted at start, one request per interval, oldest first. Default 3 minutes: enough for the
    /// 1-minute windows before the last one (plus its 30 s grace) to close at once, so rollups appear quickly.
    /// </summary>
    public TimeSpan Backfill { get; init; } = TimeSpan.FromMinutes(3);
}
