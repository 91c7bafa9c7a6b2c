using MetricStream.Avro.Compatibility;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.Rest.Internal;
using MetricStream.SchemaRegistry.Storage.Internal;

namespace MetricStream.SchemaRegistry.Server.Internal;

// Subjects and their versions: register, look up, list, soft-delete. Locking rules: see SchemaRegistryService.cs.
internal sealed partial class SchemaRegistryService
{
    /// <summary>POST /subjects/{subject}/versions.</summary>
    public Task<int> RegisterAsync(string subject, SchemaRequest request, CancellationToken cancellationToken)
    {
        var schema = ParseSchema(request);
        var identity = schema.ToJson();
        return ChangeAsync<int>(
            () =>
            {
                var live = _state.LiveVersions(subject);
                var known = _state.TryGetId(identity, out var existingId);
                if (known && live.Any(v => v.Id == existingId))
                {
                    return (existingId, []);
                }

                var level = _state.EffectiveLevel(subject);
                var result = SchemaCompatibility.Check(level, schema, NewestFirst(live));
                if (!result.IsCompatible)
                {
                    throw RegistryErrors.Incompatible(subject, result.Messages);
                }

                var id = known ? existingId : _state.MaxId + 1;
                var version = _state.MaxVersion(subject) + 1;
                return (id, [new SchemaVersionRecord(subject, version, id, identity)]);
            },
            cancellationToken);
    }

    /// <summary>POST /subjects/{subject}: the live version of <paramref name="subject"/> holding this schema.</summary>
    public RegisteredSchema Lookup(string subject, SchemaRequest request)
    {
        var identity = ParseSchema(request).ToJson();
        lock (_gate)
        {
            var live = _state.LiveVersions(subject);
            if (live.Count == 0)
            {
                throw RegistryErrors.SubjectNotFound(subject);
            }

            var match = _state.TryGetId(identity, out var id) ? live.LastOrDefault(v => v.Id == id) : null;
            return match is null
                ? throw RegistryErrors.SchemaNotFound($"Schema not found under subject '{subject}'")
                : ToRegistered(match);
        }
    }

    /// <summary>GET /subjects.</summary>
    public IReadOnlyList<string> Subjects()
    {
        lock (_gate)
        {
            return _state.Subjects;
        }
    }

    /// <summary>GET /subjects/{subject}/versions.</summary>
    public IReadOnlyList<int> Versions(string subject)
    {
        lock (_gate)
        {
            var live = _state.LiveVersions(subject);
            return live.Count == 0 ? throw RegistryErrors.SubjectNotFound(subject) : live.Select(v => v.Version).ToList();
        }
    }

    /// <summary>GET /subjects/{subject}/versions/{version}.</summary>
    public RegisteredSchema GetVersion(string subject, string versionText)
    {
        var version = VersionText.Parse(versionText);
        lock (_gate)
        {
            return ToRegistered(Find(subject, version));
        }
    }

    /// <summary>DELETE /subjects/{subject}: soft-deletes every live version; returns them.</summary>
    public Task<IReadOnlyList<int>> DeleteSubjectAsync(string subject, bool permanent, CancellationToken cancellationToken) =>
        permanent ? throw RegistryErrors.HardDeleteUnsupported() : ChangeAsync<IReadOnlyList<int>>(
            () =>
            {
                var live = _state.LiveVersions(subject);
                if (live.Count == 0)
                {
                    throw RegistryErrors.SubjectNotFound(subject);
                }

                return (live.Select(v => v.Version).ToList(), live.Select(v => (SchemaLogRecord)(v with { Deleted = true })).ToList());
            },
            cancellationToken);

    /// <summary>DELETE /subjects/{subject}/versions/{version}: soft-deletes one version; returns its number.</summary>
    public Task<int> DeleteVersionAsync(string subject, string versionText, bool permanent, CancellationToken cancellationToken)
    {
        if (permanent)
        {
            throw RegistryErrors.HardDeleteUnsupported();
        }

        var version = VersionText.Parse(versionText);
        return ChangeAsync<int>(
            () =>
            {
                var found = Find(subject, version);
                return (found.Version, [found with { Deleted = true }]);
            },
            cancellationToken);
    }

    // version null means "latest".
    private SchemaVersionRecord Find(string subject, int? version)
    {
        var live = _state.LiveVersions(subject);
        if (live.Count == 0)
        {
            throw RegistryErrors.SubjectNotFound(subject);
        }

        return version is null
            ? live[^1]
            : live.FirstOrDefault(v => v.Version == version) ?? throw RegistryErrors.VersionNotFound(subject, version.Value);
    }
}
