namespace MetricStream.Kafka.Topics;

/// <summary>Kafka's <c>cleanup.policy</c>.</summary>
public enum CleanupPolicy
{
    /// <summary><c>delete</c>: segments are removed after retention.</summary>
    Delete,

    /// <summary><c>compact</c>: only the latest record per key is kept (tables such as <c>alert-rules</c>).</summary>
    Compact,

    /// <summary><c>compact,delete</c>: compaction plus retention.</summary>
    CompactDelete,
}
