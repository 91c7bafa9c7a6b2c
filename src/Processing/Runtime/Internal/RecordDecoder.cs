using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using MetricStream.Avro;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Records;
using MetricStream.Avro.Resolution;
using MetricStream.Avro.Schemas;
using MetricStream.Processing.Topology;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.Rest;
using MetricStream.SchemaRegistry.WireFormat;

namespace MetricStream.Processing.Runtime.Internal;

/// <summary>
/// Decodes Confluent wire-format values of the product schemas with the allocation-light hot codecs.
/// The writer schema of each schema id is looked up once in the registry and cached. Values written with
/// exactly the source's product schema decode directly; values written with another version of the same
/// record (an older one without a field added later with a default, or a newer one with an extra field)
/// are resolved by Avro's rules into the product schema first (<see cref="WriterResolution"/>); a schema
/// of another record, or one that cannot be resolved, makes the value poison.
/// </summary>
/// <remarks>
/// Thread-safe: tasks decode concurrently. Strings come from a per-thread <see cref="Utf8StringPool"/>, so
/// the tenant, measurement, tag and field names of a steady stream are not allocated again and again.
/// Decoded <see cref="PointBatch"/> objects may be handed back with <see cref="Recycle"/> once processed.
/// </remarks>
internal sealed class RecordDecoder(ISchemaRegistryClient registry)
{
    /// <summary>Batches kept for reuse at most (each keeps its points, so the pool's memory is bounded by this times the largest batch).</summary>
    private const int MaxPooledBatches = 256;

    // One pool per decoding thread: Utf8StringPool is not thread-safe, and a decode runs synchronously on one thread.
    [ThreadStatic]
    private static Utf8StringPool? t_strings;

    private readonly ConcurrentDictionary<(int Id, SourceSchema Schema), Plan> _plans = new();
    private readonly ConcurrentQueue<PointBatch> _batches = new();

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
        if (!_plans.TryGetValue((id, schema), out var plan))
        {
            plan = await PlanAsync(id, schema, cancellationToken).ConfigureAwait(false);
            _plans[(id, schema)] = plan;
        }

        if (plan.Poison is { } reason)
        {
            throw new WireFormatException(reason) { SchemaId = id };
        }

        try
        {
            var body = value.AsSpan(ConfluentWireFormat.HeaderLength);
            return plan.Resolution is { } resolution
                ? Decode(schema, resolution.ToProductSchema(body).Span, id)
                : Decode(schema, body, id);
        }
        catch (AvroException ex)
        {
            throw new WireFormatException(string.Create(CultureInfo.InvariantCulture, $"Value with schema id {id} does not decode: {ex.Message}"), ex) { SchemaId = id };
        }
    }

    /// <summary>
    /// Hands a value returned by <see cref="DecodeAsync"/> back once nothing refers to it any more (after the
    /// task processed it: processors do not keep values), so the next batch reuses its points. Optional.
    /// </summary>
    public void Recycle(object value)
    {
        if (value is PointBatch batch && _batches.Count < MaxPooledBatches)
        {
            _batches.Enqueue(batch);
        }
    }

    /// <summary>Largest event time in a decoded value, in ticks since the Unix epoch.</summary>
    public static long MaxEventTicks(object value)
    {
        switch (value)
        {
            case PointBatch batch:
                var max = long.MinValue;
                for (var i = 0; i < batch.Count; i++)
                {
                    max = Math.Max(max, NanosToTicks(batch[i].TimestampNanos));
                }

                return max;
            case MetricPoint point:
                return NanosToTicks(point.TimestampNanos);
            case WindowAggregate aggregate:
                return aggregate.WindowEnd.AddMilliseconds(-1).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
            default:
                return long.MinValue;
        }
    }

    // As MetricPoint.Timestamp truncates: towards negative infinity, to 100 ns.
    private static long NanosToTicks(long nanos) => Math.DivRem(nanos, 100, out var r) - (r < 0 ? 1 : 0);

    private object Decode(SourceSchema schema, ReadOnlySpan<byte> body, int id)
    {
        var strings = t_strings ??= new Utf8StringPool(1 << 16);
        var reader = new AvroBinaryReader(body);
        object result;
        switch (schema)
        {
            case SourceSchema.PointBatch:
                var batch = _batches.TryDequeue(out var pooled) ? pooled : new PointBatch();
                PointBatchCodec.Read(ref reader, batch, strings);
                result = batch;
                break;
            case SourceSchema.MetricPoint:
                var point = new MetricPoint();
                MetricPointCodec.Read(ref reader, point, strings);
                result = point;
                break;
            default:
                var aggregate = new WindowAggregate();
                WindowAggregateCodec.Read(ref reader, aggregate, strings);
                result = aggregate;
                break;
        }

        return reader.End
            ? result
            : throw new WireFormatException(string.Create(CultureInfo.InvariantCulture, $"Value with schema id {id} has bytes after its Avro body")) { SchemaId = id };
    }

    private async Task<Plan> PlanAsync(int id, SourceSchema schema, CancellationToken cancellationToken)
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

        AvroSchema writer;
        try
        {
            writer = AvroSchema.Parse(text);
        }
        catch (AvroException ex)
        {
            return new Plan(null, string.Create(CultureInfo.InvariantCulture, $"Schema id {id} from the registry is not a valid Avro schema: {ex.Message}"));
        }

        var expected = ProductSchemaOf(schema);
        if (writer.Fingerprint64() == expected.Fingerprint64())
        {
            return new Plan(null, null);
        }

        try
        {
            return new Plan(new WriterResolution(writer, expected), null);
        }
        catch (AvroResolutionException ex)
        {
            return new Plan(null, string.Create(CultureInfo.InvariantCulture, $"Schema id {id} is not the {expected.FullName} schema this source reads, nor a version of it that resolves to it: {ex.Message}"));
        }
    }

    /// <summary>How values of one schema id decode: directly (no resolution), resolved, or not at all (poison, with the reason).</summary>
    private sealed record Plan(WriterResolution? Resolution, string? Poison);
}
