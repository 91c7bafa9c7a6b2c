namespace MetricStream.Processing.Topology;

/// <summary>
/// The Avro schema (a file in <c>schemas/</c>) of a source topic's values. Names in topology files:
/// <c>point-batch</c>, <c>metric-point</c>, <c>window-aggregate</c>.
/// </summary>
public enum SourceSchema
{
    /// <summary><c>point-batch.avsc</c>, the edge's output on <c>metrics.points</c>; the source emits each point of a batch as its own record.</summary>
    PointBatch,

    /// <summary><c>metric-point.avsc</c>: one point per record.</summary>
    MetricPoint,

    /// <summary><c>window-aggregate.avsc</c>: rollups, e.g. <c>metrics.rollup.1m</c>.</summary>
    WindowAggregate,
}

/// <summary>What flows along an edge of a topology: points or window aggregates.</summary>
public enum StreamValueKind
{
    /// <summary><c>MetricPoint</c> values (schema <c>metric-point.avsc</c>).</summary>
    Point,

    /// <summary><c>WindowAggregate</c> values (schema <c>window-aggregate.avsc</c>).</summary>
    Aggregate,

    /// <summary><c>AlertEvent</c> values (schema <c>alert-event.avsc</c>), the output of an alert processor.</summary>
    Alert,
}

/// <summary>Names of <see cref="SourceSchema"/> and <see cref="StreamValueKind"/> values as written in topology files.</summary>
public static class SchemaNames
{
    /// <summary>The file-format name, e.g. <c>point-batch</c>.</summary>
    /// <param name="schema">The schema.</param>
    /// <returns>The name.</returns>
    public static string Name(SourceSchema schema) => schema switch
    {
        SourceSchema.PointBatch => "point-batch",
        SourceSchema.MetricPoint => "metric-point",
        _ => "window-aggregate",
    };

    /// <summary>The schema name of a value kind: <c>metric-point</c>, <c>window-aggregate</c> or <c>alert-event</c>.</summary>
    /// <param name="kind">The value kind.</param>
    /// <returns>The name.</returns>
    public static string Name(StreamValueKind kind) => kind switch
    {
        StreamValueKind.Point => "metric-point",
        StreamValueKind.Alert => "alert-event",
        _ => "window-aggregate",
    };

    /// <summary>Parses a schema name; a trailing <c>.avsc</c> is accepted.</summary>
    /// <param name="name">e.g. <c>point-batch</c> or <c>point-batch.avsc</c>.</param>
    /// <param name="schema">The schema, when known.</param>
    /// <returns>False for an unknown name.</returns>
    public static bool TryParse(string? name, out SourceSchema schema)
    {
        var bare = name is not null && name.EndsWith(".avsc", StringComparison.Ordinal) ? name[..^5] : name;
        foreach (var candidate in Enum.GetValues<SourceSchema>())
        {
            if (string.Equals(Name(candidate), bare, StringComparison.Ordinal))
            {
                schema = candidate;
                return true;
            }
        }

        schema = default;
        return false;
    }

    /// <summary>The value kind a source of <paramref name="schema"/> emits.</summary>
    /// <param name="schema">The schema.</param>
    /// <returns>Points for point schemas, aggregates for <c>window-aggregate</c>.</returns>
    public static StreamValueKind ValueKindOf(SourceSchema schema) =>
        schema == SourceSchema.WindowAggregate ? StreamValueKind.Aggregate : StreamValueKind.Point;
}
