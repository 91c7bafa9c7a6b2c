using System.Numerics;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Internal;

/// <summary>
/// Conversions between logical-type CLR values and their Avro encodings. Timestamps count from the Unix
/// epoch in UTC (local timestamps: in no particular zone) and round towards negative infinity when a
/// CLR value is finer than the unit; values outside the CLR type's range throw <see cref="DatumPathException"/>.
/// </summary>
internal static class LogicalConversions
{
    public const int UnixEpochDayNumber = 719162;
    private const long UnixEpochTicks = 621355968000000000L;

    public static long ToEpochUnits(long ticks, bool micros) =>
        micros ? Math.DivRem(ticks - UnixEpochTicks, 10, out var r) - (r < 0 ? 1 : 0) : FloorDiv(ticks - UnixEpochTicks, TimeSpan.TicksPerMillisecond);

    public static long TicksFromEpochUnits(long value, bool micros)
    {
        var perUnit = micros ? 10 : TimeSpan.TicksPerMillisecond;
        if (value > (DateTime.MaxValue.Ticks - UnixEpochTicks) / perUnit || value < -UnixEpochTicks / perUnit)
        {
            throw new DatumPathException($"timestamp {value} is outside the range of DateTime/DateTimeOffset");
        }

        return UnixEpochTicks + (value * perUnit);
    }

    public static DateTimeOffset ToDateTimeOffset(long value, bool micros) => new(TicksFromEpochUnits(value, micros), TimeSpan.Zero);

    public static DateTime ToLocalDateTime(long value, bool micros) => new(TicksFromEpochUnits(value, micros), DateTimeKind.Unspecified);

    public static DateOnly ToDate(int days)
    {
        var dayNumber = (long)UnixEpochDayNumber + days;
        return dayNumber is < 0 or > 3652058
            ? throw new DatumPathException($"date {days} is outside the range of DateOnly")
            : DateOnly.FromDayNumber((int)dayNumber);
    }

    public static TimeOnly ToTime(long value, bool micros)
    {
        var ticks = value * (micros ? 10 : TimeSpan.TicksPerMillisecond);
        return value < 0 || ticks >= TimeSpan.TicksPerDay
            ? throw new DatumPathException($"time {value} is outside one day")
            : new TimeOnly(ticks);
    }

    public static long FromTime(TimeOnly value, bool micros) => value.Ticks / (micros ? 10 : TimeSpan.TicksPerMillisecond);

    public static Guid ToGuid(string text) =>
        Guid.TryParse(text, out var guid) ? guid : throw new DatumPathException($"'{text}' is not a valid uuid");

    /// <summary>The big-endian two's-complement bytes of a decimal scaled to the schema, checked against its precision.</summary>
    public static byte[] DecimalToBytes(AvroDecimal value, LogicalType logical, int fixedSize)
    {
        AvroDecimal scaled;
        try
        {
            scaled = value.Rescale(logical.Scale);
        }
        catch (AvroException e)
        {
            throw new DatumPathException(e.Message, e);
        }

        if (BigInteger.Abs(scaled.Unscaled) >= BigInteger.Pow(10, logical.Precision))
        {
            throw new DatumPathException($"decimal {value} has more than {logical.Precision} digits");
        }

        var bytes = scaled.Unscaled.ToByteArray(isUnsigned: false, isBigEndian: true);
        if (fixedSize < 0 || bytes.Length == fixedSize)
        {
            return bytes;
        }

        if (bytes.Length > fixedSize)
        {
            throw new DatumPathException($"decimal {value} does not fit {fixedSize} bytes");
        }

        // Sign-extend to the fixed size.
        var padded = new byte[fixedSize];
        padded.AsSpan(0, fixedSize - bytes.Length).Fill(scaled.Unscaled.Sign < 0 ? (byte)0xff : (byte)0);
        bytes.CopyTo(padded, fixedSize - bytes.Length);
        return padded;
    }

    public static AvroDecimal DecimalFromBytes(ReadOnlySpan<byte> bytes, int scale) =>
        new(bytes.IsEmpty ? BigInteger.Zero : new BigInteger(bytes, isUnsigned: false, isBigEndian: true), scale);

    private static long FloorDiv(long a, long b)
    {
        var q = Math.DivRem(a, b, out var r);
        return r < 0 ? q - 1 : q;
    }
}
