using MetricStream.SchemaRegistry.Storage.Internal;

namespace MetricStream.SchemaRegistry.Tests.Server;

/// <summary>
/// The registry's log in memory, with failure injection: <see cref="FailNextAppend"/> makes the next append
/// throw, either before writing (<c>landed: false</c>) or after (<c>landed: true</c>, like a Kafka timeout for a
/// write that did reach the broker).
/// </summary>
internal sealed class InMemorySchemaLog : ISchemaLog
{
    private readonly List<SchemaLogRecord> _records = [];
    private bool? _failNextAppendLanded;

    public IReadOnlyList<SchemaLogRecord> Records
    {
        get
        {
            lock (_records)
            {
                return _records.ToList();
            }
        }
    }

    public int Reads { get; private set; }

    public void Seed(params SchemaLogRecord[] records)
    {
        lock (_records)
        {
            _records.AddRange(records);
        }
    }

    public void FailNextAppend(bool landed) => _failNextAppendLanded = landed;

    public Task<IReadOnlyList<SchemaLogRecord>> ReadAllAsync(CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult(Records);
    }

    public Task AppendAsync(IReadOnlyList<SchemaLogRecord> records, CancellationToken cancellationToken)
    {
        var fail = _failNextAppendLanded;
        _failNextAppendLanded = null;
        if (fail != false)
        {
            lock (_records)
            {
                _records.AddRange(records);
            }
        }

        return fail is null ? Task.CompletedTask : Task.FromException(new TimeoutException("Local: Message timed out"));
    }

    public void Dispose()
    {
    }
}
