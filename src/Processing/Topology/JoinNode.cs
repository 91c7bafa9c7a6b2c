namespace MetricStream.Processing.Topology;

/// <summary>
/// A stream-table join (Kafka Streams' stream-GlobalKTable join) for enrichment: each record of the
/// stream (points or aggregates) is looked up by the values of the tags <see cref="By"/> (and its tenant)
/// in the table <see cref="TableTopic"/>, a topic of <c>metric-point</c> records of which the latest per key
/// is kept (a null value deletes the key); on a match, the tags <see cref="AddTags"/> of the table record
/// are added to the stream record (its own tags win) and its series key is recomputed. Unmatched
/// records are forwarded unchanged (left join) or dropped (inner join) per <see cref="KeepUnmatched"/>.
/// Every instance reads the whole table topic, before it starts processing and then continuously;
/// the join sees the table as of processing time (not event time), as in Kafka Streams.
/// </summary>
public sealed class JoinNode : ProcessorNode
{
    /// <summary>A join.</summary>
    /// <param name="name">Processor name.</param>
    /// <param name="inputs">Input processors (the stream).</param>
    /// <param name="tableTopic">The table's topic (metric-point records).</param>
    /// <param name="by">Tag names whose values (with the tenant) form the join key, at least one.</param>
    /// <param name="addTags">Tags of the table record to add to matching records, at least one.</param>
    /// <param name="keepUnmatched">True (the default) forwards records without a match unchanged; false drops them.</param>
    public JoinNode(string name, IReadOnlyList<string> inputs, string tableTopic, IReadOnlyList<string> by, IReadOnlyList<string> addTags, bool keepUnmatched = true)
        : base(name, inputs)
    {
        ArgumentException.ThrowIfNullOrEmpty(tableTopic);
        ArgumentNullException.ThrowIfNull(by);
        ArgumentNullException.ThrowIfNull(addTags);
        TableTopic = tableTopic;
        By = by;
        AddTags = addTags;
        KeepUnmatched = keepUnmatched;
    }

    /// <summary>The table's topic.</summary>
    public string TableTopic { get; }

    /// <summary>The join key's tag names.</summary>
    public IReadOnlyList<string> By { get; }

    /// <summary>The tags copied from the table record.</summary>
    public IReadOnlyList<string> AddTags { get; }

    /// <summary>Whether records without a match are forwarded (left join) rather than dropped (inner join).</summary>
    public bool KeepUnmatched { get; }

    /// <inheritdoc />
    public override ProcessorKind Kind => ProcessorKind.Join;

    /// <inheritdoc />
    public override string DescribeSettings() =>
        $"table: {TableTopic}, by: [{string.Join(", ", By)}], add_tags: [{string.Join(", ", AddTags)}], unmatched: {(KeepUnmatched ? "keep" : "drop")}";
}
