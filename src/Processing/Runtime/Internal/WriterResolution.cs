using System.Buffers;
using MetricStream.Avro;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Schemas;

namespace MetricStream.Processing.Runtime.Internal;

/// <summary>
/// Turns a value written with another version of a product schema into the bytes the product schema's
/// hot codec reads: the generic reader applies Avro's resolution rules (fields the writer lacks take the
/// reader's default, writer-only fields are skipped, numeric promotion, ...), and the generic writer
/// encodes the result with the product schema. The slow path: only values of other schema versions take
/// it. Thread-safe (the output buffer is per thread).
/// </summary>
internal sealed class WriterResolution
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    private readonly GenericDatumReader _reader;
    private readonly GenericDatumWriter _writer;

    /// <summary>Compiles the resolution of <paramref name="writerSchema"/> data into <paramref name="productSchema"/>.</summary>
    /// <exception cref="Avro.Resolution.AvroResolutionException">The writer schema does not resolve into the product schema (another record, or an incompatible version).</exception>
    public WriterResolution(AvroSchema writerSchema, RecordSchema productSchema)
    {
        _reader = new GenericDatumReader(writerSchema, productSchema);
        _writer = new GenericDatumWriter(productSchema);
    }

    /// <summary>The value re-encoded with the product schema; valid until the next call on the same thread.</summary>
    /// <exception cref="AvroException">The value is malformed, truncated, has trailing bytes or takes a branch that does not resolve.</exception>
    public ReadOnlyMemory<byte> ToProductSchema(ReadOnlySpan<byte> body)
    {
        var reader = new AvroBinaryReader(body);
        var value = _reader.Read(ref reader);
        if (!reader.End)
        {
            throw new AvroException($"{body.Length - reader.Position} bytes after the Avro body");
        }

        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        _writer.Write(buffer, value);
        return buffer.WrittenMemory;
    }
}
