using MetricStream.Avro.Binary;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Internal.Writing;

/// <summary>Writes a primitive without logical type, accepting lossless CLR conversions (e.g. int for long).</summary>
internal sealed class PrimitiveWriteNode(AvroType type) : WriteNode
{
    public override string Expected => AvroSchema.TypeName(type);

    public override int Match(object? value) => (type, value) switch
    {
        (AvroType.Null, null) => Exact,
        (AvroType.Boolean, bool) => Exact,
        (AvroType.Int, int) => Exact,
        (AvroType.Int, short or byte or sbyte or ushort) => Convertible,
        (AvroType.Long, long) => Exact,
        (AvroType.Long, int or uint or short or byte or sbyte or ushort) => Convertible,
        (AvroType.Float, float) => Exact,
        (AvroType.Float, int or long or short or byte) => Convertible,
        (AvroType.Double, double) => Exact,
        (AvroType.Double, float or int or long or short or byte or uint) => Convertible,
        (AvroType.Bytes, byte[] or ReadOnlyMemory<byte> or Memory<byte> or ArraySegment<byte>) => Exact,
        (AvroType.String, string) => Exact,
        _ => None,
    };

    public override void Write(ref AvroBinaryWriter writer, object? value)
    {
        switch (type)
        {
            case AvroType.Null:
                if (value is not null)
                {
                    throw Mismatch(value);
                }

                break;
            case AvroType.Boolean:
                writer.WriteBoolean(value is bool b ? b : throw Mismatch(value));
                break;
            case AvroType.Int:
                writer.WriteInt(value switch
                {
                    int i => i,
                    short s => s,
                    byte u8 => u8,
                    sbyte s8 => s8,
                    ushort u16 => u16,
                    _ => throw Mismatch(value),
                });
                break;
            case AvroType.Long:
                writer.WriteLong(value switch
                {
                    long l => l,
                    int i => i,
                    uint u => u,
                    short s => s,
                    byte u8 => u8,
                    sbyte s8 => s8,
                    ushort u16 => u16,
                    _ => throw Mismatch(value),
                });
                break;
            case AvroType.Float:
                writer.WriteFloat(value switch
                {
                    float f => f,
                    int i => i,
                    long l => l,
                    short s => s,
                    byte u8 => u8,
                    _ => throw Mismatch(value),
                });
                break;
            case AvroType.Double:
                writer.WriteDouble(value switch
                {
                    double d => d,
                    float f => f,
                    int i => i,
                    long l => l,
                    uint u => u,
                    short s => s,
                    byte u8 => u8,
                    _ => throw Mismatch(value),
                });
                break;
            case AvroType.Bytes:
                writer.WriteBytes(value switch
                {
                    byte[] bytes => bytes,
                    ReadOnlyMemory<byte> rom => rom.Span,
                    Memory<byte> mem => mem.Span,
                    ArraySegment<byte> seg => seg,
                    _ => throw Mismatch(value),
                });
                break;
            case AvroType.String:
                writer.WriteString(value as string ?? throw Mismatch(value));
                break;
        }
    }
}
