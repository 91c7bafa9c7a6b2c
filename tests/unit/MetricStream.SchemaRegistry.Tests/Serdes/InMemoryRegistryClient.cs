using System.Collections.Concurrent;
using System.Net;
using MetricStream.Avro.Compatibility;
using MetricStream.SchemaRegistry.Client;

namespace MetricStream.SchemaRegistry.Tests.Serdes;

/// <summary>A registry client answering from memory, counting calls; <see cref="Unreachable"/> makes every call fail like a dead registry.</summary>
internal sealed class InMemoryRegistryClient : ISchemaRegistryClient
{
    private readonly ConcurrentDictionary<int, string> _schemas = new();
    private readonly ConcurrentDictionary<(string, string), int> _ids = new();
    private int _nextId = 100;

    public int RegisterCalls;
    public int LookupCalls;
    public int GetSchemaCalls;

    public bool Unreachable { get; set; }

    public int Add(string subject, string schema)
    {
        var id = _ids.GetOrAdd((subject, schema), _ => Interlocked.Increment(ref _nextId));
        _schemas[id] = schema;
        return id;
    }

    public Task<int> RegisterAsync(string subject, string schema, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref RegisterCalls);
        ThrowIfUnreachable();
        return Task.FromResult(Add(subject, schema));
    }

    public Task<RegisteredSchema> LookupAsync(string subject, string schema, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref LookupCalls);
        ThrowIfUnreachable();
        return _ids.TryGetValue((subject, schema), out var id)
            ? Task.FromResult(new RegisteredSchema(subject, 1, id, schema))
            : throw new SchemaRegistryException(HttpStatusCode.NotFound, 40403, "Schema not found");
    }

    public Task<string> GetSchemaAsync(int id, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref GetSchemaCalls);
        ThrowIfUnreachable();
        return _schemas.TryGetValue(id, out var schema)
            ? Task.FromResult(schema)
            : throw new SchemaRegistryException(HttpStatusCode.NotFound, 40403, $"Schema {id} not found");
    }

    public Task<RegisteredSchema> GetLatestAsync(string subject, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<RegisteredSchema> GetVersionAsync(string subject, int version, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<string>> GetSubjectsAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<int>> GetVersionsAsync(string subject, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<CompatibilityCheck> CheckCompatibilityAsync(string subject, string schema, int? version = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<CompatibilityLevel> GetCompatibilityAsync(string? subject = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task SetCompatibilityAsync(CompatibilityLevel level, string? subject = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<int>> DeleteSubjectAsync(string subject, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    private void ThrowIfUnreachable()
    {
        if (Unreachable)
        {
            throw new SchemaRegistryException("Schema registry http://registry.test failed after 5 attempt(s): Connection refused", new HttpRequestException("Connection refused"));
        }
    }
}
