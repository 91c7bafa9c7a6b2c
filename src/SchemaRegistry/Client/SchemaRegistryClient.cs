using System.Globalization;
using MetricStream.Avro.Compatibility;
using MetricStream.SchemaRegistry.Client.Internal;
using MetricStream.SchemaRegistry.Compatibility;
using MetricStream.SchemaRegistry.Rest.Internal;

namespace MetricStream.SchemaRegistry.Client;

/// <summary>
/// <see cref="ISchemaRegistryClient"/> over HTTP, for Confluent's registry and ours. Caches, for the life of
/// the client: id -> schema, and (subject, schema text) -> id for both registration and lookup; concurrent
/// calls for the same uncached key share one request. Failed calls are not cached. Retries as described on
/// <see cref="SchemaRegistryClientOptions"/>. Thread-safe; one instance per process is enough.
/// </summary>
public sealed class SchemaRegistryClient : ISchemaRegistryClient, IDisposable
{
    private readonly HttpClient _http;
    private readonly RegistryHttp _rest;
    private readonly AsyncCache<int, string> _schemasById = new();
    private readonly AsyncCache<(string Subject, string Schema), int> _registered = new();
    private readonly AsyncCache<(string Subject, string Schema), RegisteredSchema> _lookedUp = new();

    /// <summary>Creates a client with its own <see cref="HttpClient"/>.</summary>
    /// <param name="options">Registry URL, timeouts and retry budget.</param>
    /// <param name="time">Time source for timeouts and backoff; the system clock when null.</param>
    public SchemaRegistryClient(SchemaRegistryClientOptions options, TimeProvider? time = null)
        : this(options, new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, time, Random.Shared.NextDouble)
    {
    }

    /// <summary>Creates a client sending through <paramref name="handler"/> (disposed with the client).</summary>
    internal SchemaRegistryClient(SchemaRegistryClientOptions options, HttpMessageHandler handler, TimeProvider? time, Func<double> jitter)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        Options = options;
        var baseUrl = options.Url.AbsoluteUri.EndsWith('/') ? options.Url : new Uri(options.Url.AbsoluteUri + "/");
        _http = new HttpClient(handler, disposeHandler: true) { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };
        _rest = new RegistryHttp(_http, options, time ?? TimeProvider.System, new Backoff(options.InitialBackoff, options.MaxBackoff, jitter));
    }

    /// <summary>The options the client was created with.</summary>
    public SchemaRegistryClientOptions Options { get; }

    /// <inheritdoc />
    public Task<int> RegisterAsync(string subject, string schema, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentException.ThrowIfNullOrEmpty(schema);
        return _registered.GetOrFetchAsync((subject, schema), RegisterUncachedAsync, cancellationToken);
    }

    /// <inheritdoc />
    public Task<RegisteredSchema> LookupAsync(string subject, string schema, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentException.ThrowIfNullOrEmpty(schema);
        return _lookedUp.GetOrFetchAsync((subject, schema), LookupUncachedAsync, cancellationToken);
    }

    /// <inheritdoc />
    public Task<string> GetSchemaAsync(int id, CancellationToken cancellationToken = default) =>
        _schemasById.GetOrFetchAsync(id, GetSchemaUncachedAsync, cancellationToken);

    /// <summary>The id of <paramref name="schema"/> under <paramref name="subject"/> if an earlier call learnt it; never calls the registry.</summary>
    public bool TryGetCachedId(string subject, string schema, out int id)
    {
        if (_registered.TryGet((subject, schema), out id))
        {
            return true;
        }

        if (_lookedUp.TryGet((subject, schema), out var found))
        {
            id = found.Id;
            return true;
        }

        return false;
    }

    /// <inheritdoc />
    public Task<RegisteredSchema> GetLatestAsync(string subject, CancellationToken cancellationToken = default) =>
        GetVersionAsync(subject, "latest", cancellationToken);

    /// <inheritdoc />
    public Task<RegisteredSchema> GetVersionAsync(string subject, int version, CancellationToken cancellationToken = default) =>
        GetVersionAsync(subject, version.ToString(CultureInfo.InvariantCulture), cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetSubjectsAsync(CancellationToken cancellationToken = default) =>
        await _rest.SendAsync<string[]>(HttpMethod.Get, "subjects", null, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<int>> GetVersionsAsync(string subject, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        return await _rest.SendAsync<int[]>(HttpMethod.Get, $"subjects/{Escape(subject)}/versions", null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<CompatibilityCheck> CheckCompatibilityAsync(string subject, string schema, int? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentException.ThrowIfNullOrEmpty(schema);
        var target = version?.ToString(CultureInfo.InvariantCulture) ?? "latest";
        var answer = await _rest.SendAsync<CompatibilityResponse>(
            HttpMethod.Post,
            $"compatibility/subjects/{Escape(subject)}/versions/{target}?verbose=true",
            new SchemaRequest(schema),
            cancellationToken).ConfigureAwait(false);
        return new CompatibilityCheck(answer.IsCompatible, answer.Messages ?? []);
    }

    /// <inheritdoc />
    public async Task<CompatibilityLevel> GetCompatibilityAsync(string? subject = null, CancellationToken cancellationToken = default)
    {
        var path = subject is null ? "config" : $"config/{Escape(subject)}?defaultToGlobal=true";
        var answer = await _rest.SendAsync<ConfigResponse>(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        return CompatibilityLevels.TryParse(answer.CompatibilityLevel, out var level)
            ? level
            : throw new SchemaRegistryException($"Schema registry answered with an unknown compatibility level '{answer.CompatibilityLevel}'");
    }

    /// <inheritdoc />
    public async Task SetCompatibilityAsync(CompatibilityLevel level, string? subject = null, CancellationToken cancellationToken = default)
    {
        var path = subject is null ? "config" : $"config/{Escape(subject)}";
        _ = await _rest.SendAsync<ConfigUpdate>(HttpMethod.Put, path, new ConfigUpdate(CompatibilityLevels.ToName(level)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<int>> DeleteSubjectAsync(string subject, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        return await _rest.SendAsync<int[]>(HttpMethod.Delete, $"subjects/{Escape(subject)}", null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static string Escape(string subject) => Uri.EscapeDataString(subject);

    private async Task<int> RegisterUncachedAsync((string Subject, string Schema) key)
    {
        var answer = await _rest.SendAsync<IdResponse>(
            HttpMethod.Post, $"subjects/{Escape(key.Subject)}/versions", new SchemaRequest(key.Schema), CancellationToken.None).ConfigureAwait(false);
        _schemasById.Add(answer.Id, key.Schema);
        return answer.Id;
    }

    private async Task<RegisteredSchema> LookupUncachedAsync((string Subject, string Schema) key)
    {
        var answer = await _rest.SendAsync<SubjectSchemaResponse>(
            HttpMethod.Post, $"subjects/{Escape(key.Subject)}", new SchemaRequest(key.Schema), CancellationToken.None).ConfigureAwait(false);
        _schemasById.Add(answer.Id, answer.Schema);
        return new RegisteredSchema(answer.Subject, answer.Version, answer.Id, answer.Schema);
    }

    private async Task<string> GetSchemaUncachedAsync(int id)
    {
        var answer = await _rest.SendAsync<SchemaByIdResponse>(
            HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"schemas/ids/{id}"), null, CancellationToken.None).ConfigureAwait(false);
        return answer.Schema;
    }

    private async Task<RegisteredSchema> GetVersionAsync(string subject, string version, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        var answer = await _rest.SendAsync<SubjectSchemaResponse>(
            HttpMethod.Get, $"subjects/{Escape(subject)}/versions/{version}", null, cancellationToken).ConfigureAwait(false);
        _schemasById.Add(answer.Id, answer.Schema);
        return new RegisteredSchema(answer.Subject, answer.Version, answer.Id, answer.Schema);
    }
}
