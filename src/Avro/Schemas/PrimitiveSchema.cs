using System.Text.Json;

namespace MetricStream.Avro.Schemas;

/// <summary>
/// One of the primitive types <c>null</c>, <c>boolean</c>, <c>int</c>, <c>long</c>, <c>float</c>,
/// <c>double</c>, <c>bytes</c>, <c>string</c>, possibly annotated with a <see cref="AvroSchema.LogicalType"/>
/// (e.g. <c>{"type":"long","logicalType":"timestamp-micros"}</c>).
/// </summary>
public sealed class PrimitiveSchema : AvroSchema
{
    internal PrimitiveSchema(AvroType type, LogicalType? logicalType = null, IReadOnlyDictionary<string, JsonElement>? properties = null)
        : base(type, properties)
    {
        if (type > AvroType.String)
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "not a primitive type");
        }

        LogicalType = logicalType;
    }

    /// <summary>
    /// Returns the plain primitive schema of a type (no logical type, no properties). The instances
    /// are shared.
    /// </summary>
    /// <param name="type">A primitive type (<see cref="AvroType.Null"/> to <see cref="AvroType.String"/>).</param>
    /// <returns>The shared schema.</returns>
    public static PrimitiveSchema Of(AvroType type)
    {
        if (type > AvroType.String || type < AvroType.Null)
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "not a primitive type");
        }

        return Shared[(int)type];
    }

    private static readonly PrimitiveSchema[] Shared =
    [
        new(AvroType.Null), new(AvroType.Boolean), new(AvroType.Int), new(AvroType.Long),
        new(AvroType.Float), new(AvroType.Double), new(AvroType.Bytes), new(AvroType.String),
    ];

    internal override string Describe() =>
        LogicalType is null ? TypeName(Type) : $"{TypeName(Type)} ({LogicalType})";
}
