using MetricStream.Avro.Compatibility;

namespace MetricStream.SchemaRegistry.Storage.Internal;

/// <summary>One entry of the <c>_schemas</c> log. Replaying every entry in offset order rebuilds the registry.</summary>
internal abstract record SchemaLogRecord;

/// <summary>Version <paramref name="Version"/> of <paramref name="Subject"/> is schema <paramref name="Id"/>; <paramref name="Deleted"/> marks a soft delete.</summary>
internal sealed record SchemaVersionRecord(string Subject, int Version, int Id, string Schema, bool Deleted = false) : SchemaLogRecord;

/// <summary>A tombstone for a version: it is gone for good (written by Confluent's hard delete; we only read it).</summary>
internal sealed record SchemaVersionTombstone(string Subject, int Version) : SchemaLogRecord;

/// <summary>Every version of <paramref name="Subject"/> up to <paramref name="UpToVersion"/> is soft-deleted (Confluent's older subject delete; we only read it).</summary>
internal sealed record SubjectDeletedRecord(string Subject, int UpToVersion) : SchemaLogRecord;

/// <summary>The compatibility level of <paramref name="Subject"/> (null: the global level); a null <paramref name="Level"/> removes a subject's own level.</summary>
internal sealed record ConfigRecord(string? Subject, CompatibilityLevel? Level) : SchemaLogRecord;

/// <summary>
/// A marker with no effect on the state, written at startup (as Confluent's registry does) to prove the topic
/// is writable and to warm the producer's connection and metadata before the first registration.
/// </summary>
internal sealed record NoopRecord : SchemaLogRecord;
