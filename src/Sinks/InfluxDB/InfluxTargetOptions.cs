namespace MetricStream.Sinks.InfluxDB;

/// <summary>One InfluxDB server the sink can write to.</summary>
public sealed class InfluxTargetOptions
{
    /// <summary>The name in metrics and logs, e.g. <c>influx-a</c>. Required, unique.</summary>
    public required string Name { get; init; }

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:8086/</c>. Required.</summary>
    public required Uri Url { get; init; }

    /// <summary>V2: the API token, sent as <c>Authorization: Token &lt;token&gt;</c>. V1: sent the same way when set (1.8+ accepts it).</summary>
    public string? Token { get; init; }

    /// <summary>V2: the organisation (the <c>org</c> query parameter). Ignored in V1.</summary>
    public string? Organization { get; init; }

    /// <summary>V1: user name for <c>u</c>/<c>p</c> query parameters when the server has auth enabled; null for none.</summary>
    public string? Username { get; init; }

    /// <summary>V1: password, with <see cref="Username"/>.</summary>
    public string? Password { get; init; }
}
