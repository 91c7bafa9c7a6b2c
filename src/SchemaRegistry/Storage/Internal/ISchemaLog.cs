namespace MetricStream.SchemaRegistry.Storage.Internal;

/// <summary>The registry's durable, ordered log (the <c>_schemas</c> topic in production).</summary>
internal interface ISchemaLog : IDisposable
{
    /// <summary>Reads every record from the beginning to the log's end as of the call, in order.</summary>
    Task<IReadOnlyList<SchemaLogRecord>> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Appends records in order; completes when every one is durable (acknowledged by Kafka).</summary>
    Task AppendAsync(IReadOnlyList<SchemaLogRecord> records, CancellationToken cancellationToken);
}
