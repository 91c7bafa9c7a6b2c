using System.Buffers;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Internal.Writing;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Generic;

/// <summary>
/// Encodes generic values (see <see cref="GenericRecord"/> for the model) with one schema. The schema is
/// compiled into a write plan once, in the constructor; create one writer per schema and reuse it
/// (it is immutable and thread-safe). Maps are written in their enumeration order, arrays and maps as
/// one block; unions take the branch that fits the value's CLR type best.
/// </summary>
public sealed class GenericDatumWriter
{
    private readonly WriteNode _plan;

    /// <summary>Compiles the write plan of <paramref name="schema"/>.</summary>
    /// <param name="schema">The writer schema.</param>
    public GenericDatumWriter(AvroSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
        _plan = WritePlanCompiler.Compile(schema);
    }

    /// <summary>The schema values are written with.</summary>
    public AvroSchema Schema { get; }

    /// <summary>Writes one value.</summary>
    /// <param name="writer">The binary writer (not flushed by this method).</param>
    /// <param name="value">The value.</param>
    /// <exception cref="AvroException">The value does not match the schema; the message gives its path, e.g. <c>field 'tags' of record 'ns.P' > map value 'host': expected string, got System.Int32</c>.</exception>
    public void Write(ref AvroBinaryWriter writer, object? value) => _plan.Write(ref writer, value);

    /// <summary>Writes one value to a buffer writer.</summary>
    /// <param name="output">The destination.</param>
    /// <param name="value">The value.</param>
    public void Write(IBufferWriter<byte> output, object? value)
    {
        var writer = new AvroBinaryWriter(output);
        _plan.Write(ref writer, value);
        writer.Flush();
    }

    /// <summary>Encodes one value into a new array.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The Avro binary encoding.</returns>
    public byte[] Encode(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(buffer, value);
        return buffer.WrittenSpan.ToArray();
    }
}
