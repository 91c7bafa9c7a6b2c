namespace MetricStream.Kafka.Topics;

/// <summary>The product's topics with their default shapes (DESIGN.md, "Topics").</summary>
public static class TopicCatalog
{
    /// <summary>Edge output: raw points.</summary>
    public const string Points = "metrics.points";

    /// <summary>One-minute rollups.</summary>
    public const string Rollup1m = "metrics.rollup.1m";

    /// <summary>One-hour rollups.</summary>
    public const string Rollup1h = "metrics.rollup.1h";

    /// <summary>Records later than a window's grace period.</summary>
    public const string Late = "metrics.late";

    /// <summary>Records that could not be decoded or processed, with the reason.</summary>
    public const string DeadLetters = "metrics.dead-letters";

    /// <summary>Alert transitions.</summary>
    public const string Alerts = "alerts";

    /// <summary>Alert rules, a table (compacted).</summary>
    public const string AlertRules = "alert-rules";

    /// <summary>The schema registry's log (compacted, one partition, as Confluent's registry needs).</summary>
    public const string Schemas = "_schemas";

    /// <summary>
    /// The default topic set: data topics with <paramref name="partitions"/> partitions, tables compacted,
    /// <c>_schemas</c> with a single partition so the registry reads it in order.
    /// </summary>
    public static IReadOnlyList<TopicSpec> Defaults(int partitions = 6, short replicationFactor = 3)
    {
        var none = new Dictionary<string, string>();
        return
        [
            new TopicSpec(Points, partitions, replicationFactor),
            new TopicSpec(Rollup1m, partitions, replicationFactor),
            new TopicSpec(Rollup1h, partitions, replicationFactor),
            new TopicSpec(Late, partitions, replicationFactor),
            new TopicSpec(DeadLetters, partitions, replicationFactor),
            new TopicSpec(Alerts, partitions, replicationFactor),
            new TopicSpec(AlertRules, partitions, replicationFactor, CleanupPolicy.Compact, none),
            new TopicSpec(Schemas, 1, replicationFactor, CleanupPolicy.Compact, none),
        ];
    }
}
