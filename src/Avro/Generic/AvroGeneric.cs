using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Generic;

/// <summary>
/// One-call encode and decode in the generic model. Each call compiles a plan; for repeated use keep a
/// <see cref="GenericDatumWriter"/> or <see cref="GenericDatumReader"/> instead.
/// </summary>
public static class AvroGeneric
{
    /// <summary>Encodes a value with a schema.</summary>
    /// <param name="schema">The writer schema.</param>
    /// <param name="value">The value (see <see cref="GenericRecord"/> for the model).</param>
    /// <returns>The Avro binary encoding.</returns>
    public static byte[] Encode(AvroSchema schema, object? value) => new GenericDatumWriter(schema).Encode(value);

    /// <summary>Decodes a value written and read with the same schema.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="data">The encoded value.</param>
    /// <returns>The value.</returns>
    public static object? Decode(AvroSchema schema, ReadOnlySpan<byte> data) => new GenericDatumReader(schema).Read(data);

    /// <summary>Decodes a value written with <paramref name="writerSchema"/> as a <paramref name="readerSchema"/> value.</summary>
    /// <param name="writerSchema">The schema the data was written with.</param>
    /// <param name="readerSchema">The schema of the result.</param>
    /// <param name="data">The encoded value.</param>
    /// <returns>The resolved value.</returns>
    public static object? Decode(AvroSchema writerSchema, AvroSchema readerSchema, ReadOnlySpan<byte> data) =>
        new GenericDatumReader(writerSchema, readerSchema).Read(data);
}
