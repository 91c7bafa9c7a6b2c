// The members are the specification's own type names (int, long, string, decimal...).
#pragma warning disable CA1720

namespace MetricStream.Avro.Schemas;

/// <summary>The Avro type of a schema: the eight primitive types and the six complex types.</summary>
public enum AvroType
{
    /// <summary>The <c>null</c> type: no value, zero bytes on the wire.</summary>
    Null,

    /// <summary>The <c>boolean</c> type: one byte, 0 or 1.</summary>
    Boolean,

    /// <summary>The <c>int</c> type: 32-bit signed, zig-zag varint on the wire.</summary>
    Int,

    /// <summary>The <c>long</c> type: 64-bit signed, zig-zag varint on the wire.</summary>
    Long,

    /// <summary>The <c>float</c> type: IEEE 754 single precision, 4 bytes little-endian.</summary>
    Float,

    /// <summary>The <c>double</c> type: IEEE 754 double precision, 8 bytes little-endian.</summary>
    Double,

    /// <summary>The <c>bytes</c> type: a length-prefixed byte sequence.</summary>
    Bytes,

    /// <summary>The <c>string</c> type: a length-prefixed UTF-8 sequence.</summary>
    String,

    /// <summary>A named record of fields, encoded as its fields in declaration order.</summary>
    Record,

    /// <summary>A named enumeration of symbols, encoded as the zero-based symbol index.</summary>
    Enum,

    /// <summary>An array of items of one schema, encoded in blocks.</summary>
    Array,

    /// <summary>A map from string keys to values of one schema, encoded in blocks.</summary>
    Map,

    /// <summary>A union of schemas, encoded as the branch index followed by the value.</summary>
    Union,

    /// <summary>A named fixed-size byte sequence, encoded as exactly its size in bytes.</summary>
    Fixed,
}
