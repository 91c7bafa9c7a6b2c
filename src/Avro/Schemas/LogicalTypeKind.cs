// The members are the specification's own type names (int, long, string, decimal...).
#pragma warning disable CA1720

namespace MetricStream.Avro.Schemas;

/// <summary>The logical types this library understands (Avro 1.11). Other logical types are kept as plain properties.</summary>
public enum LogicalTypeKind
{
    /// <summary><c>decimal</c> on <c>bytes</c> or <c>fixed</c>: a two's-complement big-endian unscaled integer with a schema-given scale.</summary>
    Decimal,

    /// <summary><c>uuid</c> on <c>string</c>: an RFC 4122 UUID in its textual form.</summary>
    Uuid,

    /// <summary><c>date</c> on <c>int</c>: days since the Unix epoch.</summary>
    Date,

    /// <summary><c>time-millis</c> on <c>int</c>: milliseconds after midnight.</summary>
    TimeMillis,

    /// <summary><c>time-micros</c> on <c>long</c>: microseconds after midnight.</summary>
    TimeMicros,

    /// <summary><c>timestamp-millis</c> on <c>long</c>: milliseconds since the Unix epoch, UTC.</summary>
    TimestampMillis,

    /// <summary><c>timestamp-micros</c> on <c>long</c>: microseconds since the Unix epoch, UTC.</summary>
    TimestampMicros,

    /// <summary><c>local-timestamp-millis</c> on <c>long</c>: milliseconds since the epoch in an unspecified local time zone.</summary>
    LocalTimestampMillis,

    /// <summary><c>local-timestamp-micros</c> on <c>long</c>: microseconds since the epoch in an unspecified local time zone.</summary>
    LocalTimestampMicros,
}
