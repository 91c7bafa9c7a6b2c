using MetricStream.Avro.Binary;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Internal.Writing;

/// <summary>Writes an enum from a <see cref="GenericEnum"/> (matched by symbol) or a symbol string.</summary>
internal sealed class EnumWriteNode(EnumSchema schema) : WriteNode
{
    public override string Expected => $"a symbol of {schema.Describe()}";

    public override int Match(object? value) => value switch
    {
        GenericEnum e when e.Schema.FullName == schema.FullName => Exact,
        string s when schema.IndexOf(s) >= 0 => Convertible,
        _ => None,
    };

    public override void Write(ref AvroBinaryWriter writer, object? value)
    {
        var symbol = value switch
        {
            GenericEnum e => e.Symbol,
            string s => s,
            _ => throw Mismatch(value),
        };
        var index = schema.IndexOf(symbol);
        writer.WriteEnum(index >= 0 ? index : throw new DatumPathException($"'{symbol}' is not a symbol of {schema.Describe()}"));
    }
}

/// <summary>Writes a fixed from a <see cref="GenericFixed"/> or a byte array of exactly the size.</summary>
internal sealed class FixedWriteNode(FixedSchema schema) : WriteNode
{
    public override string Expected => $"{schema.Size} bytes for {schema.Describe()}";

    public override int Match(object? value) => value switch
    {
        GenericFixed f when f.Schema.FullName == schema.FullName => Exact,
        byte[] b when b.Length == schema.Size => Convertible,
        _ => None,
    };

    public override void Write(ref AvroBinaryWriter writer, object? value)
    {
        var bytes = value switch
        {
            GenericFixed f => f.Value.Span,
            byte[] b => b,
            _ => throw Mismatch(value),
        };
        writer.WriteFixed(bytes.Length == schema.Size ? bytes : throw Mismatch(value));
    }
}
