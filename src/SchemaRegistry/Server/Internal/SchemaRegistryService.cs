using MetricStream.SchemaRegistry.Storage.Internal;
using Microsoft.Extensions.Logging;

namespace MetricStream.SchemaRegistry.Server.Internal;

/// <summary>
/// The registry's operations, independent of HTTP: validation, compatibility, id and version allocation, and
/// the write-ahead to the log. A change is acknowledged only after the log acknowledged it and it was applied.
/// </summary>
/// <remarks>
/// Single writer: this process must be the only one writing the log (run one registry per topic); ids are
/// the highest id seen plus one, so two writers would hand out the same id.
/// Locking: <see cref="_writer"/> serialises every change (decide, append, apply) and every reload;
/// <see cref="_gate"/> guards <see cref="_state"/> against readers while a change is applied. The state is
/// mutated only while holding both; readers hold <see cref="_gate"/>; the writer may read without
/// <see cref="_gate"/> because nobody else can mutate. Parsed schemas are immutable and used outside locks.
/// </remarks>
internal sealed partial class SchemaRegistryService(ISchemaLog log, ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly Lock _gate = new();
    // Replaced (not mutated) by a rebuild; see the locking rules above.
    private RegistryState _state = new();

    // True until the first load, and after a failed append (the write may or may not have landed):
    // the next change first re-reads the log, so an id is never handed out twice. Accessed under _writer.
    private bool _stale = true;

    /// <summary>True once the log has been read.</summary>
    public bool IsReady { get; private set; }

    /// <summary>Number of distinct schemas.</summary>
    public int SchemaCount
    {
        get
        {
            lock (_gate)
            {
                return _state.SchemaCount;
            }
        }
    }

    /// <summary>Reads the whole log and rebuilds the state.</summary>
    /// <exception cref="TimeoutException">The log's end was not reached in time.</exception>
    /// <exception cref="InvalidDataException">A record of the log cannot be read.</exception>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Rebuild(await log.ReadAllAsync(cancellationToken).ConfigureAwait(false));
            IsReady = true;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// Writes a no-op marker to the log and waits for Kafka's acknowledgement: startup fails if the log cannot
    /// be written, and the producer's first-use cost (metadata, connection) is not paid by the first registration.
    /// </summary>
    public Task MarkStartedAsync(CancellationToken cancellationToken) => log.AppendAsync([new NoopRecord()], cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();

    private async Task<T> ChangeAsync<T>(Func<(T Result, IReadOnlyList<SchemaLogRecord> Records)> decide, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stale)
            {
                await ReloadAsync(CancellationToken.None).ConfigureAwait(false);
            }

            var (result, records) = decide();
            if (records.Count == 0)
            {
                return result;
            }

            try
            {
                // Not cancellable: once the write is sent, the caller leaving does not undo it.
                await log.AppendAsync(records, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _stale = true;
                throw RegistryErrors.StoreError($"Could not write to the registry's Kafka topic: {ex.Message}", ex);
            }

            lock (_gate)
            {
                foreach (var record in records)
                {
                    _state.Apply(record);
                    LogApplied(record);
                }
            }

            return result;
        }
        finally
        {
            _writer.Release();
        }
    }

    // Called holding _writer.
    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        try
        {
            Rebuild(await log.ReadAllAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw RegistryErrors.StoreError($"Could not read the registry's Kafka topic: {ex.Message}", ex);
        }
    }

    // Called holding _writer.
    private void Rebuild(IReadOnlyList<SchemaLogRecord> records)
    {
        // Built aside and swapped in, so readers never see a half-replayed state, even when a record fails.
        var rebuilt = new RegistryState();
        foreach (var record in records)
        {
            rebuilt.Apply(record);
        }

        lock (_gate)
        {
            _state = rebuilt;
        }

        _stale = false;
        LogLoaded(records.Count, rebuilt.SchemaCount, rebuilt.MaxId);
    }

    private void LogApplied(SchemaLogRecord record)
    {
        switch (record)
        {
            case SchemaVersionRecord { Deleted: false } v:
                LogRegistered(v.Subject, v.Version, v.Id);
                break;
            case SchemaVersionRecord v:
                LogDeleted(v.Subject, v.Version, v.Id);
                break;
            case ConfigRecord c:
                LogConfig(c.Subject ?? "(global)", c.Level?.ToString() ?? "(removed)");
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered {Subject} version {Version} as schema id {Id}")]
    private partial void LogRegistered(string subject, int version, int id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Soft-deleted {Subject} version {Version} (schema id {Id} stays resolvable)")]
    private partial void LogDeleted(string subject, int version, int id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Compatibility level of {Subject} set to {Level}")]
    private partial void LogConfig(string subject, string level);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registry state rebuilt from {Records} log records: {Schemas} schemas, highest id {MaxId}")]
    private partial void LogLoaded(int records, int schemas, int maxId);
}
