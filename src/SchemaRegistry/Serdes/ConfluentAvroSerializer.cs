using System.Buffers;
using System.Collections.Concurrent;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Schemas;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.Client.Internal;
using MetricStream.SchemaRegistry.WireFormat;

namespace MetricStream.SchemaRegistry.Serdes;

/// <summary>
/// Writes values in the Confluent wire format: magic byte 0, the schema's registry id (big-endian), then the
/// Avro binary body. The id comes from the registry (registered or looked up under the topic's subject,
/// see <see cref="ConfluentAvroSerializerOptions"/>) once per (subject, schema) and is cached for the life of
/// the serializer, so after the first record of a schema the hot path makes no registry call.
/// </summary>
/// <remarks>
/// Two ways to write. Generic values (<see cref="GenericRecord"/> and the rest of the generic model):
/// <see cref="SerializeAsync"/>, or <see cref="Serialize"/> with an id from <see cref="GetSchemaIdAsync"/>.
/// Hot-path codecs with their own encoder: get the id once with <see cref="GetSchemaIdAsync"/>, then per
/// record call <see cref="ConfluentWireFormat.WriteHeader(IBufferWriter{byte}, int)"/> on a pooled buffer and
/// write the Avro body straight after it. Thread-safe.
/// </remarks>
public sealed class ConfluentAvroSerializer
{
    private readonly ISchemaRegistryClient _registry;
    private readonly ConfluentAvroSerializerOptions _options;
    private readonly AsyncCache<(string Subject, AvroSchema Schema), int> _ids = new();
    private readonly ConcurrentDictionary<AvroSchema, GenericDatumWriter> _writers = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates a serializer that takes schema ids from <paramref name="registry"/>.</summary>
    public ConfluentAvroSerializer(ISchemaRegistryClient registry, ConfluentAvroSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
        _options = options ?? new ConfluentAvroSerializerOptions();
    }

    /// <summary>
    /// The registry id of <paramref name="schema"/> under the subject of <paramref name="topic"/>, registering
    /// it first when <see cref="ConfluentAvroSerializerOptions.AutoRegisterSchemas"/> is on. Cached per
    /// (subject, schema instance); completes synchronously once cached.
    /// </summary>
    /// <exception cref="SchemaRegistryException">The registry refused the schema (e.g. 409 incompatible) or could not be reached.</exception>
    public ValueTask<int> GetSchemaIdAsync(string topic, AvroSchema schema, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var key = (_options.SubjectNameStrategy(topic), schema);
        return _ids.TryGet(key, out var id)
            ? ValueTask.FromResult(id)
            : new ValueTask<int>(_ids.GetOrFetchAsync(key, FetchIdAsync, cancellationToken));
    }

    /// <summary>Serializes <paramref name="value"/> (a generic value of <paramref name="schema"/>) for <paramref name="topic"/>.</summary>
    /// <exception cref="SchemaRegistryException">No id could be had for the schema.</exception>
    /// <exception cref="MetricStream.Avro.AvroException">The value does not match the schema; the message gives the path.</exception>
    public async Task<byte[]> SerializeAsync(string topic, AvroSchema schema, object? value, CancellationToken cancellationToken = default)
    {
        var id = await GetSchemaIdAsync(topic, schema, cancellationToken).ConfigureAwait(false);
        var buffer = new ArrayBufferWriter<byte>(256);
        Serialize(buffer, id, schema, value);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes the wire-format header for <paramref name="schemaId"/> and the Avro encoding of
    /// <paramref name="value"/> to <paramref name="output"/>. Synchronous: no registry call.
    /// </summary>
    /// <exception cref="MetricStream.Avro.AvroException">The value does not match the schema.</exception>
    public void Serialize(IBufferWriter<byte> output, int schemaId, AvroSchema schema, object? value)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(schema);
        ConfluentWireFormat.WriteHeader(output, schemaId);
        _writers.GetOrAdd(schema, s => new GenericDatumWriter(s)).Write(output, value);
    }

    private async Task<int> FetchIdAsync((string Subject, AvroSchema Schema) key)
    {
        var text = key.Schema.ToJson();
        if (_options.AutoRegisterSchemas)
        {
            return await _registry.RegisterAsync(key.Subject, text).ConfigureAwait(false);
        }

        return (await _registry.LookupAsync(key.Subject, text).ConfigureAwait(false)).Id;
    }
}
