using MetricStream.Avro.Binary;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Internal.Writing;

/// <summary>
/// Writes a logical-type value from its CLR type (<see cref="DateTimeOffset"/>, <see cref="DateTime"/>,
/// <see cref="DateOnly"/>, <see cref="TimeOnly"/>, <see cref="Guid"/>, <see cref="AvroDecimal"/> or
/// <see cref="decimal"/>), or from the underlying type's value unchanged (e.g. a long for a timestamp).
/// </summary>
internal sealed class LogicalWriteNode(LogicalType logical, WriteNode underlying, int fixedSize) : WriteNode
{
    public override string Expected => $"{logical} or {underlying.Expected}";

    public override int Match(object? value) => (logical.Kind, value) switch
    {
        (LogicalTypeKind.TimestampMillis or LogicalTypeKind.TimestampMicros, DateTimeOffset) => Exact,
        (LogicalTypeKind.TimestampMillis or LogicalTypeKind.TimestampMicros, DateTime) => Convertible,
        (LogicalTypeKind.LocalTimestampMillis or LogicalTypeKind.LocalTimestampMicros, DateTime) => Exact,
        (LogicalTypeKind.Date, DateOnly) => Exact,
        (LogicalTypeKind.TimeMillis or LogicalTypeKind.TimeMicros, TimeOnly) => Exact,
        (LogicalTypeKind.Uuid, Guid) => Exact,
        (LogicalTypeKind.Decimal, AvroDecimal or decimal) => Exact,
        (LogicalTypeKind.Decimal, GenericFixed) => underlying.Match(value),
        _ => Math.Min(underlying.Match(value), Convertible),
    };

    public override void Write(ref AvroBinaryWriter writer, object? value)
    {
        var micros = logical.Kind is LogicalTypeKind.TimestampMicros or LogicalTypeKind.LocalTimestampMicros or LogicalTypeKind.TimeMicros;
        switch (logical.Kind, value)
        {
            case (LogicalTypeKind.TimestampMillis or LogicalTypeKind.TimestampMicros, DateTimeOffset dto):
                writer.WriteLong(LogicalConversions.ToEpochUnits(dto.UtcTicks, micros));
                break;
            case (LogicalTypeKind.TimestampMillis or LogicalTypeKind.TimestampMicros, DateTime dt):
                writer.WriteLong(LogicalConversions.ToEpochUnits(dt.Kind == DateTimeKind.Local ? dt.ToUniversalTime().Ticks : dt.Ticks, micros));
                break;
            case (LogicalTypeKind.LocalTimestampMillis or LogicalTypeKind.LocalTimestampMicros, DateTime dt):
                writer.WriteLong(LogicalConversions.ToEpochUnits(dt.Ticks, micros));
                break;
            case (LogicalTypeKind.Date, DateOnly date):
                writer.WriteInt(date.DayNumber - LogicalConversions.UnixEpochDayNumber);
                break;
            case (LogicalTypeKind.TimeMillis, TimeOnly time):
                writer.WriteInt((int)LogicalConversions.FromTime(time, micros: false));
                break;
            case (LogicalTypeKind.TimeMicros, TimeOnly time):
                writer.WriteLong(LogicalConversions.FromTime(time, micros: true));
                break;
            case (LogicalTypeKind.Uuid, Guid guid):
                writer.WriteString(guid.ToString("D"));
                break;
            case (LogicalTypeKind.Decimal, AvroDecimal or decimal):
                var d = value is AvroDecimal ad ? ad : AvroDecimal.FromDecimal((decimal)value);
                var bytes = LogicalConversions.DecimalToBytes(d, logical, fixedSize);
                if (fixedSize < 0)
                {
                    writer.WriteBytes(bytes);
                }
                else
                {
                    writer.WriteFixed(bytes);
                }

                break;
            default:
                underlying.Write(ref writer, value);
                break;
        }
    }
}
