using MetricStream.Avro.Binary;
using MetricStream.Avro.Internal.Reading;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Generic;

/// <summary>
/// Decodes Avro binary data written with <see cref="WriterSchema"/> into generic values of
/// <see cref="ReaderSchema"/>, applying the specification's schema resolution: fields matched by name
/// or reader alias, reader defaults for fields the writer lacks, writer-only fields skipped, numeric
/// promotion, string↔bytes, enum symbols by name (unknown ones take the reader's enum default), and union
/// branches resolved. The resolution is compiled into a plan once, in the constructor; reading walks no
/// schema. Immutable and thread-safe: create one per (writer, reader) pair and reuse it.
/// </summary>
public sealed class GenericDatumReader
{
    private readonly ReadNode _plan;

    /// <summary>Creates a reader for data written and read with the same schema.</summary>
    /// <param name="schema">The schema.</param>
    public GenericDatumReader(AvroSchema schema)
        : this(schema, schema)
    {
    }

    /// <summary>Creates a reader that resolves <paramref name="writerSchema"/> data into <paramref name="readerSchema"/> values.</summary>
    /// <param name="writerSchema">The schema the data was written with.</param>
    /// <param name="readerSchema">The schema the application expects.</param>
    /// <exception cref="Resolution.AvroResolutionException">The schemas cannot be resolved; the message says what and where.</exception>
    public GenericDatumReader(AvroSchema writerSchema, AvroSchema readerSchema)
    {
        ArgumentNullException.ThrowIfNull(writerSchema);
        ArgumentNullException.ThrowIfNull(readerSchema);
        WriterSchema = writerSchema;
        ReaderSchema = readerSchema;
        _plan = ReadPlanCompiler.Compile(writerSchema, readerSchema);
    }

    /// <summary>The schema the data was written with.</summary>
    public AvroSchema WriterSchema { get; }

    /// <summary>The schema of the returned values.</summary>
    public AvroSchema ReaderSchema { get; }

    /// <summary>Reads one value.</summary>
    /// <param name="reader">The binary reader, advanced past the value.</param>
    /// <returns>The value in the generic model (see <see cref="GenericRecord"/>).</returns>
    /// <exception cref="AvroException">The data is malformed or truncated.</exception>
    /// <exception cref="Resolution.AvroResolutionException">The data takes a writer union branch or enum symbol the reader cannot resolve.</exception>
    public object? Read(ref AvroBinaryReader reader) => _plan.Read(ref reader);

    /// <summary>Reads one value from the start of <paramref name="data"/>; trailing bytes are ignored.</summary>
    /// <param name="data">The encoded value.</param>
    /// <returns>The value.</returns>
    public object? Read(ReadOnlySpan<byte> data)
    {
        var reader = new AvroBinaryReader(data);
        return _plan.Read(ref reader);
    }
}
