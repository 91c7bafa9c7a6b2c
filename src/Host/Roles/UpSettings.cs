namespace MetricStream.Host.Roles;

/// <summary>Configuration section <c>Up</c>: the all-in-one <c>metricstream up</c>.</summary>
internal sealed class UpSettings
{
    public const string Section = "Up";

    /// <summary>
    /// Where the state of <c>up</c> lives: influxd's data (<c>influxdb/</c>), the API key file, the demo key, the
    /// edge's policies and spool. Default <c>.metricstream</c> (relative to the working directory).
    /// </summary>
    public string DataDir { get; set; } = ".metricstream";

    /// <summary>
    /// First port: the edge listens on it, the registry on +1, the web page and admin API on +2 (reserved),
    /// influxd on +6. Default 8080 (so influxd gets InfluxDB's usual 8086).
    /// </summary>
    public int PortBase { get; set; } = 8080;

    /// <summary>Run the built-in agent simulator. Default false.</summary>
    public bool Demo { get; set; }

    /// <summary>Simulated hosts of the demo agent. Default 5.</summary>
    public int DemoHosts { get; set; } = 5;

    /// <summary>The influxd executable <c>up</c> runs. Default <c>/usr/bin/influxd</c> (Debian's influxdb package).</summary>
    public string Influxd { get; set; } = "/usr/bin/influxd";

    /// <summary>
    /// How long stopping may wait for processing to drain (its last records written to InfluxDB) before the
    /// unwritten ones are abandoned and <c>up</c> exits 1. Default 60 s.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Checks the values; returns a message for the user, or null when they are usable.</summary>
    /// <returns>The problem, or null.</returns>
    public string? Validate()
    {
        if (PortBase is < 1 or > 65535 - InfluxdbPortOffset)
        {
            return $"--port-base must be from 1 to {65535 - InfluxdbPortOffset} (got {PortBase})";
        }

        if (DemoHosts is < 1 or > 10_000)
        {
            return $"--demo-hosts must be from 1 to 10000 (got {DemoHosts})";
        }

        return string.IsNullOrWhiteSpace(DataDir) ? "--data-dir must not be empty" : null;
    }

    /// <summary>The edge's port.</summary>
    public int EdgePort => PortBase;

    /// <summary>The schema registry's port.</summary>
    public int RegistryPort => PortBase + 1;

    /// <summary>The admin listener's port: the operators' page and the admin API.</summary>
    public int PagePort => PortBase + 2;

    /// <summary>influxd's port.</summary>
    public int InfluxdbPort => PortBase + InfluxdbPortOffset;

    private const int InfluxdbPortOffset = 6;
}
