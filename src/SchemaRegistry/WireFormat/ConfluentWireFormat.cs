using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;

namespace MetricStream.SchemaRegistry.WireFormat;

/// <summary>
/// The Confluent wire format's 5-byte header: magic byte <c>0</c>, then the schema id as a 4-byte big-endian
/// signed integer, then the serialized body (Avro binary for us). Every value on our topics starts with it,
/// so any Confluent client can find the writer schema in the registry.
/// </summary>
public static class ConfluentWireFormat
{
    /// <summary>The only magic byte defined by the format: <c>0</c>.</summary>
    public const byte MagicByte = 0;

    /// <summary>Length of the header: 1 magic byte + 4 id bytes.</summary>
    public const int HeaderLength = 5;

    /// <summary>Writes the header for <paramref name="schemaId"/> into the first 5 bytes of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="HeaderLength"/>.</exception>
    public static void WriteHeader(Span<byte> destination, int schemaId)
    {
        if (destination.Length < HeaderLength)
        {
            throw new ArgumentException($"The destination needs {HeaderLength} bytes for the header, it has {destination.Length}", nameof(destination));
        }

        destination[0] = MagicByte;
        BinaryPrimitives.WriteInt32BigEndian(destination[1..], schemaId);
    }

    /// <summary>
    /// Writes the header to <paramref name="output"/> and advances it, so that a hot-path codec can write its
    /// own Avro body straight after it into the same (pooled) buffer.
    /// </summary>
    public static void WriteHeader(IBufferWriter<byte> output, int schemaId)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteHeader(output.GetSpan(HeaderLength), schemaId);
        output.Advance(HeaderLength);
    }

    /// <summary>
    /// Reads the header of <paramref name="value"/>: returns the schema id, and the Avro body in
    /// <paramref name="body"/>.
    /// </summary>
    /// <exception cref="WireFormatException">The value is shorter than the header or its magic byte is not 0.</exception>
    public static int ReadHeader(ReadOnlySpan<byte> value, out ReadOnlySpan<byte> body)
    {
        var id = ReadHeader(value);
        body = value[HeaderLength..];
        return id;
    }

    /// <summary>Reads the schema id from the header of <paramref name="value"/>.</summary>
    /// <exception cref="WireFormatException">The value is shorter than the header or its magic byte is not 0.</exception>
    public static int ReadHeader(ReadOnlySpan<byte> value)
    {
        if (value.Length < HeaderLength)
        {
            throw new WireFormatException(string.Create(
                CultureInfo.InvariantCulture,
                $"Value of {value.Length} bytes is too short for the Confluent wire format (a {HeaderLength}-byte header: magic byte 0 and a 4-byte schema id)"));
        }

        if (value[0] != MagicByte)
        {
            throw new WireFormatException(string.Create(
                CultureInfo.InvariantCulture,
                $"Unknown magic byte 0x{value[0]:X2} (the Confluent wire format starts with 0x00); the value was not written by a Confluent serializer"));
        }

        return BinaryPrimitives.ReadInt32BigEndian(value[1..]);
    }

    /// <summary>Reads the header without throwing; false when the value is too short or the magic byte is wrong.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> value, out int schemaId)
    {
        if (value.Length < HeaderLength || value[0] != MagicByte)
        {
            schemaId = 0;
            return false;
        }

        schemaId = BinaryPrimitives.ReadInt32BigEndian(value[1..]);
        return true;
    }
}
