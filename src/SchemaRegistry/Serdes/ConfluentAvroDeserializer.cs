using System.Globalization;
using System.Net;
using MetricStream.Avro;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Resolution;
using MetricStream.Avro.Schemas;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.Client.Internal;
using MetricStream.SchemaRegistry.Rest;
using MetricStream.SchemaRegistry.WireFormat;

namespace MetricStream.SchemaRegistry.Serdes;

/// <summary>
/// Reads Confluent wire-format values into generic Avro values. The writer schema is fetched from the registry
/// by the id in the header (once per id, cached) and, when a reader schema is given, resolved to it with
/// Avro schema resolution, so records written with older (or newer) compatible schemas come out in the
/// reader's shape: fields the writer lacked get the reader's defaults, fields the reader lacks are skipped.
/// </summary>
/// <remarks>
/// A record that cannot be decoded fails with <see cref="WireFormatException"/> (never another exception
/// type, never a crash): too short, magic byte not 0, schema id unknown to the registry (40403), writer schema
/// not resolvable to the reader schema, or a body that does not match its schema. The engine dead-letters it
/// with the message as the reason. A registry that cannot be reached is <see cref="SchemaRegistryException"/>
/// instead: the record may be fine, so the caller should retry rather than dead-letter. Thread-safe.
/// </remarks>
public sealed class ConfluentAvroDeserializer
{
    private readonly ISchemaRegistryClient _registry;
    private readonly AsyncCache<int, GenericDatumReader> _readers = new();

    /// <summary>Creates a deserializer.</summary>
    /// <param name="registry">Where writer schemas are fetched by id.</param>
    /// <param name="readerSchema">The schema values are returned in; null returns them in each record's writer schema.</param>
    public ConfluentAvroDeserializer(ISchemaRegistryClient registry, AvroSchema? readerSchema = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
        ReaderSchema = readerSchema;
    }

    /// <summary>The schema values are returned in; null for "as written".</summary>
    public AvroSchema? ReaderSchema { get; }

    /// <summary>
    /// Decodes one Kafka value. Completes synchronously when the writer schema's id was seen before.
    /// </summary>
    /// <returns>The value in the generic model (a <see cref="GenericRecord"/> for record schemas).</returns>
    /// <exception cref="WireFormatException">The value cannot be decoded; the message says why.</exception>
    /// <exception cref="SchemaRegistryException">The registry could not be reached (or answered with an error other than "schema not found").</exception>
    public ValueTask<object?> DeserializeAsync(ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        var id = ConfluentWireFormat.ReadHeader(value.Span);
        if (_readers.TryGet(id, out var reader))
        {
            return ValueTask.FromResult(Decode(reader, id, value));
        }

        return DecodeAfterFetchAsync(id, value, cancellationToken);
    }

    private static object? Decode(GenericDatumReader reader, int id, ReadOnlyMemory<byte> value)
    {
        try
        {
            var body = value.Span[ConfluentWireFormat.HeaderLength..];
            var avro = new MetricStream.Avro.Binary.AvroBinaryReader(body);
            var result = reader.Read(ref avro);
            if (!avro.End)
            {
                throw new WireFormatException(Invariant($"Value with schema id {id} has {avro.Remaining} bytes after its Avro body")) { SchemaId = id };
            }

            return result;
        }
        catch (AvroException ex)
        {
            throw new WireFormatException(Invariant($"Value with schema id {id} does not decode: {ex.Message}"), ex) { SchemaId = id };
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private async ValueTask<object?> DecodeAfterFetchAsync(int id, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        var reader = await _readers.GetOrFetchAsync(id, FetchReaderAsync, cancellationToken).ConfigureAwait(false);
        return Decode(reader, id, value);
    }

    private async Task<GenericDatumReader> FetchReaderAsync(int id)
    {
        string text;
        try
        {
            text = await _registry.GetSchemaAsync(id).ConfigureAwait(false);
        }
        catch (SchemaRegistryException ex) when (ex.StatusCode == HttpStatusCode.NotFound || ex.ErrorCode == RegistryErrorCodes.SchemaNotFound)
        {
            throw new WireFormatException(Invariant($"Unknown schema id {id}: the registry has no such schema ({ex.RegistryMessage})"), ex) { SchemaId = id };
        }

        try
        {
            var writer = AvroSchema.Parse(text);
            return ReaderSchema is null ? new GenericDatumReader(writer) : new GenericDatumReader(writer, ReaderSchema);
        }
        catch (AvroSchemaException ex)
        {
            throw new WireFormatException(Invariant($"Schema id {id} from the registry is not a valid Avro schema: {ex.Message}"), ex) { SchemaId = id };
        }
        catch (AvroResolutionException ex)
        {
            throw new WireFormatException(Invariant($"Writer schema id {id} cannot be read with the reader schema: {ex.Message}"), ex) { SchemaId = id };
        }
    }
}
