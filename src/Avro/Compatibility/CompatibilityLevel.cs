namespace MetricStream.Avro.Compatibility;

/// <summary>
/// Schema evolution rules with Confluent Schema Registry semantics. "Latest" is the newest registered
/// schema; the transitive levels check against every registered schema instead.
/// </summary>
public enum CompatibilityLevel
{
    /// <summary>No check: any schema is accepted.</summary>
    None,

    /// <summary>The new schema can read data written with the latest schema (consumers upgrade first).</summary>
    Backward,

    /// <summary>The new schema can read data written with every registered schema.</summary>
    BackwardTransitive,

    /// <summary>The latest schema can read data written with the new schema (producers upgrade first).</summary>
    Forward,

    /// <summary>Every registered schema can read data written with the new schema.</summary>
    ForwardTransitive,

    /// <summary>Both <see cref="Backward"/> and <see cref="Forward"/> against the latest schema.</summary>
    Full,

    /// <summary>Both <see cref="BackwardTransitive"/> and <see cref="ForwardTransitive"/>.</summary>
    FullTransitive,
}
