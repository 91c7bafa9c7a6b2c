using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using MetricStream.Avro;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Records;
using MetricStream.Avro.Schemas;
using MetricStream.Processing.Topology;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.Rest;
using MetricStream.SchemaRegistry.WireFormat;

namespace MetricStream.Processing.Runtime.Internal;

/// <summary>
/// Decodes Confluent wire-format values of the product schemas with the allocation-light hot codecs.
/// A schema id is accepted when the registry's schema for it has the same canonical form as the
/// source's product schema; any other id is a poison record (other schema versions are not resolved
/// here yet). Ids are checked once and cached. Thread-safe.
/// </summary>
internal sealed class RecordDecoder(ISchemaRegistryClient registry)
{
    private readonly ConcurrentDictionary<int, long> _fingerprints = new();

    /// <summary>The product schema values of <paramref name="schema"/> must be written with.</summary>
    public static RecordSchema ProductSchemaOf(SourceSchema schema) => schema switch
    {
        SourceSchema.PointBatch => ProductSchemas.PointBatch,
        SourceSchema.MetricPoint => ProductSchemas.MetricPoint,
        _ => ProductSchemas.WindowAggregate,
    };

    /// <summary>Decodes one value.</summary>
    /// <returns>A <see cref="PointBatch"/>, <see cref="MetricPoint"/> or <see cref="WindowAggregate"/>.</returns>
    /// <exception cref="WireFormatException">The value is poison: the message says why.</exception>
    /// <exception cref="SchemaRegistryException">The registry could not be asked; the record may be fine.</exception>
    public async ValueTask<object> DecodeAsync(SourceSchema schema, byte[]? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            throw new WireFormatException("The record has no value (a tombstone); topology sources need a value");
        }

        var id = ConfluentWireFormat.ReadHeader(value);
        var expected = ProductSchemaOf(schema);
        if (!_fingerprints.TryGetValue(id, out var fingerprint))
        {
            fingerprint = await FingerprintAsync(id, cancellationToken).ConfigureAwait(false);
            _fingerprints[id] = fingerprint;
        }

        if (fingerprint != expected.Fingerprint64())
        {
            throw new WireFormatException(string.Create(CultureInfo.InvariantCulture, $"Schema id {id} is not the {expected.FullName} schema this source reads")) { SchemaId = id };
        }

        try
        {
            return Decode(schema, value.AsSpan(ConfluentWireFormat.HeaderLength), id);
        }
        catch (AvroException ex)
        {
            throw new WireFormatException(string.Create(CultureInfo.InvariantCulture, $"Value with schema id {id} does not decode: {ex.Message}"), ex) { SchemaId = id };
        }
    }

    /// <summary>Largest event time in a decoded value, in ticks since the Unix epoch.</summary>
    public static long MaxEventTicks(object value)
    {
        static long Ticks(DateTimeOffset time) => time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        switch (value)
        {
            case PointBatch batch:
                var max = long.MinValue;
                for (var i = 0; i < batch.Count; i++)
                {
                    max = Math.Max(max, Ticks(batch[i].Timestamp));
                }

                return max;
            case MetricPoint point:
                return Ticks(point.Timestamp);
            case WindowAggregate aggregate:
                return Ticks(aggregate.WindowEnd.AddMilliseconds(-1));
            default:
                return long.MinValue;
        }
    }

    private static object Decode(SourceSchema schema, ReadOnlySpan<byte> body, int id)
    {
        var reader = new AvroBinaryReader(body);
        object result;
        switch (schema)
        {
            case SourceSchema.PointBatch:
                var batch = new PointBatch();
                PointBatchCodec.Read(ref reader, batch);
                result = batch;
                break;
            case SourceSchema.MetricPoint:
                var point = new MetricPoint();
                MetricPointCodec.Read(ref reader, point);
                result = point;
                break;
            default:
                var aggregate = new WindowAggregate();
                WindowAggregateCodec.Read(ref reader, aggregate);
                result = aggregate;
                break;
        }

        return reader.End
            ? result
            : throw new WireFormatException(string.Create(CultureInfo.InvariantCulture, $"Value with schema id {id} has bytes after its Avro body")) { SchemaId = id };
    }

    private async Task<long> FingerprintAsync(int id, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await registry.GetSchemaAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (SchemaRegistryException ex) when (ex.StatusCode == HttpStatusCode.NotFound || ex.ErrorCode == RegistryErrorCodes.SchemaNotFound)
        {
            throw new WireFormatException(string.Create(CultureInfo.InvariantCulture, $"Unknown schema id {id}: the registry has no such schema"), ex) { SchemaId = id };
        }

        try
        {
            return AvroSchema.Parse(text).Fingerprint64();
        }
        catch (AvroException ex)
        {
            throw new WireFormatException(string.Create(CultureInfo.InvariantCulture, $"Schema id {id} from the registry is not a valid Avro schema: {ex.Message}"), ex) { SchemaId = id };
        }
    }
}
