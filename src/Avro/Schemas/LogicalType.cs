// The members are the specification's own type names (int, long, string, decimal...).
#pragma warning disable CA1720

namespace MetricStream.Avro.Schemas;

/// <summary>
/// A logical type annotating a primitive or fixed schema (the <c>logicalType</c> attribute). Only valid
/// annotations become a <see cref="LogicalType"/>: as the specification requires, an invalid one (for
/// example <c>timestamp-millis</c> on an <c>int</c>, or a decimal whose scale exceeds its precision) is
/// ignored and the schema behaves as its underlying type, the attribute being kept in
/// <see cref="AvroSchema.Properties"/>.
/// </summary>
public sealed class LogicalType
{
    private LogicalType(LogicalTypeKind kind, string name, int precision, int scale)
    {
        Kind = kind;
        Name = name;
        Precision = precision;
        Scale = scale;
    }

    /// <summary>Which logical type this is.</summary>
    public LogicalTypeKind Kind { get; }

    /// <summary>The name as written in the <c>logicalType</c> attribute, e.g. <c>timestamp-micros</c>.</summary>
    public string Name { get; }

    /// <summary>For <see cref="LogicalTypeKind.Decimal"/>: the maximum number of digits (at least 1); 0 otherwise.</summary>
    public int Precision { get; }

    /// <summary>For <see cref="LogicalTypeKind.Decimal"/>: the number of digits after the point (0 to <see cref="Precision"/>); 0 otherwise.</summary>
    public int Scale { get; }

    /// <summary><c>uuid</c>.</summary>
    public static LogicalType Uuid { get; } = new(LogicalTypeKind.Uuid, "uuid", 0, 0);

    /// <summary><c>date</c>.</summary>
    public static LogicalType Date { get; } = new(LogicalTypeKind.Date, "date", 0, 0);

    /// <summary><c>time-millis</c>.</summary>
    public static LogicalType TimeMillis { get; } = new(LogicalTypeKind.TimeMillis, "time-millis", 0, 0);

    /// <summary><c>time-micros</c>.</summary>
    public static LogicalType TimeMicros { get; } = new(LogicalTypeKind.TimeMicros, "time-micros", 0, 0);

    /// <summary><c>timestamp-millis</c>.</summary>
    public static LogicalType TimestampMillis { get; } = new(LogicalTypeKind.TimestampMillis, "timestamp-millis", 0, 0);

    /// <summary><c>timestamp-micros</c>.</summary>
    public static LogicalType TimestampMicros { get; } = new(LogicalTypeKind.TimestampMicros, "timestamp-micros", 0, 0);

    /// <summary><c>local-timestamp-millis</c>.</summary>
    public static LogicalType LocalTimestampMillis { get; } = new(LogicalTypeKind.LocalTimestampMillis, "local-timestamp-millis", 0, 0);

    /// <summary><c>local-timestamp-micros</c>.</summary>
    public static LogicalType LocalTimestampMicros { get; } = new(LogicalTypeKind.LocalTimestampMicros, "local-timestamp-micros", 0, 0);

    /// <summary>Creates a <c>decimal</c> logical type. The caller validates the arguments against the underlying schema.</summary>
    /// <param name="precision">Maximum number of digits, at least 1.</param>
    /// <param name="scale">Digits after the point, 0 to <paramref name="precision"/>.</param>
    /// <returns>The decimal logical type.</returns>
    public static LogicalType Decimal(int precision, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(precision, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, precision);
        return new(LogicalTypeKind.Decimal, "decimal", precision, scale);
    }

    /// <summary>The <c>logicalType</c> name, with precision and scale for decimals, e.g. <c>decimal(9,2)</c>.</summary>
    /// <returns>A short description for messages.</returns>
    public override string ToString() =>
        Kind == LogicalTypeKind.Decimal ? FormattableString.Invariant($"decimal({Precision},{Scale})") : Name;
}
