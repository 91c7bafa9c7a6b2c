namespace MetricStream.Sinks.Local;

/// <summary>
/// Where and how <see cref="LocalInfluxd"/> runs Debian's <c>influxd</c> (InfluxDB 1.x): its own data
/// directory (meta, data and wal live under it, with the generated <c>influxd.conf</c>) and its own ports.
/// </summary>
public sealed class LocalInfluxdOptions
{
    /// <summary>The directory holding the server's state and config file; created if missing. Required.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The HTTP port on 127.0.0.1 (the <c>/write</c>, <c>/query</c> and <c>/ping</c> endpoints). Required.</summary>
    public required int Port { get; init; }

    /// <summary>
    /// The port of influxd's backup/restore RPC service on 127.0.0.1. Default 0: a free port is chosen at
    /// first start and kept across restarts, so two local servers never collide on influxd's 8088 default.
    /// </summary>
    public int RpcPort { get; init; }

    /// <summary>The executable. Default <c>/usr/bin/influxd</c> (Debian's <c>influxdb</c> package).</summary>
    public string Executable { get; init; } = "/usr/bin/influxd";

    /// <summary>How long a start (or restart) waits for <c>/ping</c> to answer before failing. Default 60 s.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long <see cref="LocalInfluxd.StopAsync"/> waits after SIGTERM before it kills. Default 30 s.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>influxd's log level: <c>error</c>, <c>warn</c> (default: quiet), <c>info</c> or <c>debug</c>.</summary>
    public string LogLevel { get; init; } = "warn";

    /// <summary>The time source for start and stop deadlines. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
