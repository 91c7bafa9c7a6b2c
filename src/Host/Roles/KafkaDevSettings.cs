namespace MetricStream.Host.Roles;

/// <summary>Configuration section <c>KafkaDev</c>: the embedded broker.</summary>
internal sealed class KafkaDevSettings
{
    public const string Section = "KafkaDev";

    /// <summary>Number of brokers (1-16). Default 3.</summary>
    public int Brokers { get; set; } = 3;

    /// <summary>Partitions of each default topic when no topics file is given. Default 6.</summary>
    public int Partitions { get; set; } = 6;

    /// <summary>A topics JSON file (see TopicsConfigParser); when absent the product's default topics.</summary>
    public string? TopicsConfig { get; set; }

    /// <summary>A file to write the bootstrap servers to, for other processes to read.</summary>
    public string? BootstrapFile { get; set; }
}
