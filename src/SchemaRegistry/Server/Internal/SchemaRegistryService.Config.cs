using MetricStream.Avro.Compatibility;
using MetricStream.Avro.Schemas;
using MetricStream.SchemaRegistry.Compatibility;
using MetricStream.SchemaRegistry.Rest.Internal;
using MetricStream.SchemaRegistry.Storage.Internal;

namespace MetricStream.SchemaRegistry.Server.Internal;

// Compatibility levels and compatibility checks. Locking rules: see SchemaRegistryService.cs.
internal sealed partial class SchemaRegistryService
{
    /// <summary>GET /config and GET /config/{subject}.</summary>
    public CompatibilityLevel GetLevel(string? subject, bool defaultToGlobal)
    {
        lock (_gate)
        {
            if (subject is null)
            {
                return _state.GlobalLevel;
            }

            return _state.SubjectLevel(subject)
                ?? (defaultToGlobal ? _state.GlobalLevel : throw RegistryErrors.SubjectConfigNotFound(subject));
        }
    }

    /// <summary>PUT /config and PUT /config/{subject}.</summary>
    public Task<CompatibilityLevel> SetLevelAsync(string? subject, string? levelText, CancellationToken cancellationToken)
    {
        if (!CompatibilityLevels.TryParse(levelText, out var level))
        {
            throw RegistryErrors.InvalidCompatibilityLevel(levelText);
        }

        return ChangeAsync<CompatibilityLevel>(() => (level, [new ConfigRecord(subject, level)]), cancellationToken);
    }

    /// <summary>DELETE /config/{subject}: removes the subject's own level; returns it.</summary>
    public Task<CompatibilityLevel> DeleteSubjectLevelAsync(string subject, CancellationToken cancellationToken) =>
        ChangeAsync<CompatibilityLevel>(
            () => _state.SubjectLevel(subject) is { } old
                ? (old, [new ConfigRecord(subject, null)])
                : throw RegistryErrors.SubjectConfigNotFound(subject),
            cancellationToken);

    /// <summary>
    /// POST /compatibility/subjects/{subject}/versions[/{version}]: with a version, checks against that one
    /// version in the direction of the subject's level; without, performs the same check as registration.
    /// </summary>
    public CompatibilityResult CheckCompatibility(string subject, string? versionText, SchemaRequest request)
    {
        var schema = ParseSchema(request);
        var version = versionText is null ? null : VersionText.Parse(versionText);
        CompatibilityLevel level;
        List<AvroSchema> against;
        lock (_gate)
        {
            level = _state.EffectiveLevel(subject);
            against = versionText is null ? NewestFirst(_state.LiveVersions(subject)) : [Parsed(Find(subject, version))];
        }

        return SchemaCompatibility.Check(level, schema, against);
    }
}
