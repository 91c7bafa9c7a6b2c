namespace MetricStream.Avro.Container;

/// <summary>The block compression codecs of object container files that this library reads and writes (<c>avro.codec</c>).</summary>
public enum AvroCodec
{
    /// <summary><c>null</c>: blocks are stored uncompressed (the default when <c>avro.codec</c> is absent).</summary>
    Null,

    /// <summary><c>deflate</c>: each block is compressed with raw RFC 1951 deflate (no zlib header or checksum), as the specification requires.</summary>
    Deflate,
}
