using MetricStream.Avro.Compatibility;
using MetricStream.Avro.Schemas;
using MetricStream.SchemaRegistry.Compatibility;
using MetricStream.SchemaRegistry.Storage.Internal;

namespace MetricStream.SchemaRegistry.Server.Internal;

/// <summary>
/// The registry as the log describes it: subjects and their versions, schemas by id, compatibility levels.
/// Built only by <see cref="Apply"/>ing log records in order, so replaying the log rebuilds it exactly,
/// ids included. Not thread-safe: <see cref="SchemaRegistryService"/> owns the locking.
/// </summary>
internal sealed class RegistryState
{
    private readonly Dictionary<string, SortedDictionary<int, SchemaVersionRecord>> _subjects = new(StringComparer.Ordinal);
    private readonly Dictionary<int, StoredSchema> _schemasById = [];

    // Identity of a schema is its full normalized JSON (AvroSchema.ToJson: docs, defaults and aliases included),
    // so whitespace or attribute order do not make a new schema but a changed default does.
    private readonly Dictionary<string, int> _idsByIdentity = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CompatibilityLevel> _subjectLevels = new(StringComparer.Ordinal);

    /// <summary>The highest schema id ever seen; new schemas get the next one.</summary>
    public int MaxId { get; private set; }

    /// <summary>The global compatibility level.</summary>
    public CompatibilityLevel GlobalLevel { get; private set; } = CompatibilityLevels.Default;

    /// <summary>Number of distinct schemas (ids).</summary>
    public int SchemaCount => _schemasById.Count;

    /// <summary>Subjects with at least one live (not deleted) version, sorted.</summary>
    public IReadOnlyList<string> Subjects =>
        _subjects.Where(s => s.Value.Values.Any(v => !v.Deleted)).Select(s => s.Key).Order(StringComparer.Ordinal).ToList();

    /// <summary>Applies one log record.</summary>
    /// <exception cref="InvalidDataException">A schema in the log is not a valid Avro schema.</exception>
    public void Apply(SchemaLogRecord record)
    {
        switch (record)
        {
            case SchemaVersionRecord v:
                AddSchema(v.Id, v.Schema);
                Versions(v.Subject)[v.Version] = v;
                break;
            case SchemaVersionTombstone t:
                if (_subjects.TryGetValue(t.Subject, out var versions))
                {
                    versions.Remove(t.Version);
                }

                break;
            case SubjectDeletedRecord d:
                foreach (var v in Versions(d.Subject).Values.Where(v => v.Version <= d.UpToVersion && !v.Deleted).ToList())
                {
                    Versions(d.Subject)[v.Version] = v with { Deleted = true };
                }

                break;
            case ConfigRecord { Subject: null, Level: { } level }:
                GlobalLevel = level;
                break;
            case ConfigRecord { Subject: null }:
                GlobalLevel = CompatibilityLevels.Default;
                break;
            case ConfigRecord { Subject: { } subject, Level: { } level }:
                _subjectLevels[subject] = level;
                break;
            case ConfigRecord { Subject: { } subject }:
                _subjectLevels.Remove(subject);
                break;
        }
    }

    /// <summary>The live versions of <paramref name="subject"/>, oldest first.</summary>
    public IReadOnlyList<SchemaVersionRecord> LiveVersions(string subject) =>
        _subjects.TryGetValue(subject, out var versions) ? versions.Values.Where(v => !v.Deleted).ToList() : [];

    /// <summary>The highest version <paramref name="subject"/> ever had, deleted ones included (0 for none): versions are never reused.</summary>
    public int MaxVersion(string subject) =>
        _subjects.TryGetValue(subject, out var versions) && versions.Count > 0 ? versions.Keys.Max() : 0;

    /// <summary>The schema with id <paramref name="id"/>.</summary>
    public bool TryGetSchema(int id, out StoredSchema schema) => _schemasById.TryGetValue(id, out schema!);

    /// <summary>The id of the schema whose normalized JSON is <paramref name="identity"/>.</summary>
    public bool TryGetId(string identity, out int id) => _idsByIdentity.TryGetValue(identity, out id);

    /// <summary>Every live (subject, version) that uses schema <paramref name="id"/>.</summary>
    public IReadOnlyList<SchemaVersionRecord> UsesOf(int id) =>
        _subjects.Values.SelectMany(v => v.Values).Where(v => v.Id == id && !v.Deleted).ToList();

    /// <summary>The subject's own level, if one was set.</summary>
    public CompatibilityLevel? SubjectLevel(string subject) => _subjectLevels.TryGetValue(subject, out var level) ? level : null;

    /// <summary>The level that applies to <paramref name="subject"/>: its own, else the global one.</summary>
    public CompatibilityLevel EffectiveLevel(string subject) => SubjectLevel(subject) ?? GlobalLevel;

    private SortedDictionary<int, SchemaVersionRecord> Versions(string subject)
    {
        if (!_subjects.TryGetValue(subject, out var versions))
        {
            versions = [];
            _subjects[subject] = versions;
        }

        return versions;
    }

    private void AddSchema(int id, string text)
    {
        MaxId = Math.Max(MaxId, id);
        if (_schemasById.ContainsKey(id))
        {
            return;
        }

        AvroSchema parsed;
        try
        {
            parsed = AvroSchema.Parse(text);
        }
        catch (AvroSchemaException ex)
        {
            throw new InvalidDataException($"Schema {id} in the registry's log is not a valid Avro schema: {ex.Message}", ex);
        }

        _schemasById[id] = new StoredSchema(id, text, parsed);
        _idsByIdentity.TryAdd(parsed.ToJson(), id);
    }
}
