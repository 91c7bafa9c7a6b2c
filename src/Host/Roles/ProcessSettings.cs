namespace MetricStream.Host.Roles;

/// <summary>Settings of <c>metricstream process</c> (section <c>Process</c>; options and environment override it).</summary>
internal sealed class ProcessSettings
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Process";

    /// <summary>Kafka bootstrap servers (required).</summary>
    public string? Bootstrap { get; set; }

    /// <summary>Schema registry URL.</summary>
    public string Registry { get; set; } = "http://127.0.0.1:8081";

    /// <summary>Directory whose <c>*.yaml</c> / <c>*.yml</c> files are the topologies to run.</summary>
    public string Topologies { get; set; } = "topologies";

    /// <summary>Address of the admin listener (<c>/metrics</c>, admin API, page); none when null.</summary>
    public string? AdminListen { get; set; }

    /// <summary>API key file whose admin keys may use the admin API; every admin request is refused when null.</summary>
    public string? ApiKeys { get; set; }
}
