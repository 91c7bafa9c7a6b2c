namespace MetricStream.SchemaRegistry.Serdes;

/// <summary>Settings of a <see cref="ConfluentAvroSerializer"/>.</summary>
public sealed record ConfluentAvroSerializerOptions
{
    /// <summary>
    /// When true (the default) a schema not yet under the subject is registered (and must pass the subject's
    /// compatibility check). When false the schema must already be registered: it is only looked up, and an
    /// unregistered schema fails with <c>SchemaRegistryException</c> 40401/40403. Production producers
    /// usually turn this off and register schemas from <c>schemas/</c> at deploy time.
    /// </summary>
    public bool AutoRegisterSchemas { get; init; } = true;

    /// <summary>Maps a topic to its subject. Default <see cref="SubjectNames.ForValue"/> (TopicNameStrategy for values).</summary>
    public Func<string, string> SubjectNameStrategy { get; init; } = SubjectNames.ForValue;
}
