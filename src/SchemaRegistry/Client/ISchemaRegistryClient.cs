using MetricStream.Avro.Compatibility;

namespace MetricStream.SchemaRegistry.Client;

/// <summary>
/// The Confluent Schema Registry REST API, as the serializers and tools need it. Implementations cache what
/// cannot change (a schema id's schema; the id of a schema under a subject), so the hot path asks the
/// registry at most once per schema. Every method throws <see cref="SchemaRegistryException"/> when the
/// registry answers with an error or cannot be reached.
/// </summary>
public interface ISchemaRegistryClient
{
    /// <summary>Registers <paramref name="schema"/> under <paramref name="subject"/> (or finds it there) and returns its id. Cached.</summary>
    Task<int> RegisterAsync(string subject, string schema, CancellationToken cancellationToken = default);

    /// <summary>Finds <paramref name="schema"/> among the versions of <paramref name="subject"/> without registering it. Cached.</summary>
    /// <exception cref="SchemaRegistryException">40401 subject not found, 40403 schema not registered under it.</exception>
    Task<RegisteredSchema> LookupAsync(string subject, string schema, CancellationToken cancellationToken = default);

    /// <summary>The schema text with id <paramref name="id"/>. Cached.</summary>
    /// <exception cref="SchemaRegistryException">40403 when no schema has that id.</exception>
    Task<string> GetSchemaAsync(int id, CancellationToken cancellationToken = default);

    /// <summary>The newest version of <paramref name="subject"/>. Not cached.</summary>
    Task<RegisteredSchema> GetLatestAsync(string subject, CancellationToken cancellationToken = default);

    /// <summary>Version <paramref name="version"/> of <paramref name="subject"/>. Not cached.</summary>
    Task<RegisteredSchema> GetVersionAsync(string subject, int version, CancellationToken cancellationToken = default);

    /// <summary>Every subject with at least one live version. Not cached.</summary>
    Task<IReadOnlyList<string>> GetSubjectsAsync(CancellationToken cancellationToken = default);

    /// <summary>The live versions of <paramref name="subject"/>, ascending. Not cached.</summary>
    Task<IReadOnlyList<int>> GetVersionsAsync(string subject, CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks whether <paramref name="schema"/> is compatible with version <paramref name="version"/> of
    /// <paramref name="subject"/> (null: the latest) under the subject's compatibility level.
    /// </summary>
    Task<CompatibilityCheck> CheckCompatibilityAsync(string subject, string schema, int? version = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The compatibility level of <paramref name="subject"/>, or the global level when
    /// <paramref name="subject"/> is null. A subject without its own level answers with the global one.
    /// </summary>
    Task<CompatibilityLevel> GetCompatibilityAsync(string? subject = null, CancellationToken cancellationToken = default);

    /// <summary>Sets the compatibility level of <paramref name="subject"/>, or the global level when it is null.</summary>
    Task SetCompatibilityAsync(CompatibilityLevel level, string? subject = null, CancellationToken cancellationToken = default);

    /// <summary>Soft-deletes every version of <paramref name="subject"/>; returns the versions deleted.</summary>
    Task<IReadOnlyList<int>> DeleteSubjectAsync(string subject, CancellationToken cancellationToken = default);
}
