using System.Text;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Internal.Reading;

/// <summary>
/// Reads a writer primitive as a reader primitive: same type, or a promotion (int→long/float/double,
/// long→float/double, float→double, string↔bytes); then applies the reader's logical type, if any.
/// </summary>
internal sealed class PrimitiveReadNode(AvroType writer, AvroType reader, LogicalType? logical) : ReadNode
{
    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;
    private readonly LogicalTypeKind? _logical = logical?.Kind;
    private readonly int _scale = logical?.Scale ?? 0;

    public override object? Read(ref AvroBinaryReader r)
    {
        switch (writer)
        {
            case AvroType.Null:
                return null;
            case AvroType.Boolean:
                return r.ReadBoolean() ? BoxedTrue : BoxedFalse;
            case AvroType.Int:
                var i = r.ReadInt();
                return reader switch
                {
                    AvroType.Int => _logical switch
                    {
                        LogicalTypeKind.Date => LogicalConversions.ToDate(i),
                        LogicalTypeKind.TimeMillis => LogicalConversions.ToTime(i, micros: false),
                        _ => i,
                    },
                    AvroType.Long => Long(i),
                    AvroType.Float => (float)i,
                    _ => (double)i,
                };
            case AvroType.Long:
                var l = r.ReadLong();
                return reader switch
                {
                    AvroType.Long => Long(l),
                    AvroType.Float => (float)l,
                    _ => (double)l,
                };
            case AvroType.Float:
                var f = r.ReadFloat();
                return reader == AvroType.Float ? (object)f : (double)f;
            case AvroType.Double:
                return r.ReadDouble();
            default:
                // bytes and string share an encoding; the reader's type decides the value.
                var raw = r.ReadBytes();
                return reader switch
                {
                    AvroType.String when _logical == LogicalTypeKind.Uuid => LogicalConversions.ToGuid(Encoding.UTF8.GetString(raw)),
                    AvroType.String => raw.IsEmpty ? string.Empty : Encoding.UTF8.GetString(raw),
                    _ when _logical == LogicalTypeKind.Decimal => LogicalConversions.DecimalFromBytes(raw, _scale),
                    _ => raw.ToArray(),
                };
        }
    }

    private object Long(long value) => _logical switch
    {
        LogicalTypeKind.TimestampMillis => LogicalConversions.ToDateTimeOffset(value, micros: false),
        LogicalTypeKind.TimestampMicros => LogicalConversions.ToDateTimeOffset(value, micros: true),
        LogicalTypeKind.LocalTimestampMillis => LogicalConversions.ToLocalDateTime(value, micros: false),
        LogicalTypeKind.LocalTimestampMicros => LogicalConversions.ToLocalDateTime(value, micros: true),
        LogicalTypeKind.TimeMicros => LogicalConversions.ToTime(value, micros: true),
        _ => value,
    };
}
