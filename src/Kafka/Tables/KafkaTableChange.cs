namespace MetricStream.Kafka.Tables;

/// <summary>What happened to a key.</summary>
public enum KafkaTableChangeKind
{
    /// <summary>The key was added or its value replaced.</summary>
    Put,

    /// <summary>The key was removed (a tombstone for a key the table held).</summary>
    Delete,
}

/// <summary>A change the table applied after it caught up. Upsert/delete semantics: applying one twice is harmless.</summary>
/// <param name="Kind">Put or delete.</param>
/// <param name="Key">The key.</param>
/// <param name="Value">The new value for a put; default for a delete.</param>
/// <param name="Partition">The record's partition.</param>
/// <param name="Offset">The record's offset.</param>
public readonly record struct KafkaTableChange<TValue>(KafkaTableChangeKind Kind, string Key, TValue? Value, int Partition, long Offset);
