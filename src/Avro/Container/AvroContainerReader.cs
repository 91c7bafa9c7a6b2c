using System.IO.Compression;
using System.Text;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Internal;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Container;

/// <summary>
/// Reads an Avro object container file written by any implementation: parses the header (metadata in
/// one or more blocks, <c>avro.schema</c>, <c>avro.codec</c> <c>null</c> or <c>deflate</c>), then yields
/// objects block by block, checking every block's sync marker. Objects are resolved into
/// <see cref="ReaderSchema"/> when one is given (see <see cref="GenericDatumReader"/>). Not thread-safe.
/// </summary>
public sealed class AvroContainerReader : IDisposable
{
    private readonly Stream _input;
    private readonly bool _leaveOpen;
    private readonly byte[] _sync = new byte[ContainerFormat.SyncSize];
    private readonly GenericDatumReader _datumReader;

    /// <summary>Reads the header of a container file.</summary>
    /// <param name="input">The stream, positioned at the file's first byte.</param>
    /// <param name="readerSchema">The schema to read objects as; the file's own schema when null.</param>
    /// <param name="leaveOpen">When true, <see cref="Dispose"/> leaves <paramref name="input"/> open.</param>
    /// <exception cref="AvroException">Not a container file, a truncated header, or an unsupported codec.</exception>
    public AvroContainerReader(Stream input, AvroSchema? readerSchema = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        _input = input;
        _leaveOpen = leaveOpen;
        Span<byte> magic = stackalloc byte[4];
        ContainerFormat.ReadExactly(input, magic, "the header");
        if (!magic.SequenceEqual(ContainerFormat.Magic))
        {
            throw new AvroException("not an Avro object container file (bad magic bytes)");
        }

        var metadata = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var count = ReadBlockCount(); count > 0; count = ReadBlockCount())
        {
            for (long i = 0; i < count; i++)
            {
                var key = Encoding.UTF8.GetString(ContainerFormat.ReadBytes(input, "a metadata key"));
                metadata[key] = ContainerFormat.ReadBytes(input, "a metadata value");
            }
        }

        ContainerFormat.ReadExactly(input, _sync, "the header's sync marker");
        Metadata = metadata;
        WriterSchema = AvroSchema.Parse(metadata.TryGetValue("avro.schema", out var schema)
            ? Encoding.UTF8.GetString(schema)
            : throw new AvroException("container file header has no avro.schema"));
        var codec = metadata.TryGetValue("avro.codec", out var c) ? Encoding.UTF8.GetString(c) : "null";
        Codec = codec switch
        {
            "null" => AvroCodec.Null,
            "deflate" => AvroCodec.Deflate,
            _ => throw new AvroException($"unsupported container codec '{codec}' (supported: null, deflate)"),
        };
        ReaderSchema = readerSchema ?? WriterSchema;
        _datumReader = new GenericDatumReader(WriterSchema, ReaderSchema);
    }

    /// <summary>The schema the file was written with (<c>avro.schema</c>).</summary>
    public AvroSchema WriterSchema { get; }

    /// <summary>The schema objects are returned as.</summary>
    public AvroSchema ReaderSchema { get; }

    /// <summary>The file's block codec.</summary>
    public AvroCodec Codec { get; }

    /// <summary>All header metadata, including <c>avro.schema</c> and <c>avro.codec</c>.</summary>
    public IReadOnlyDictionary<string, byte[]> Metadata { get; }

    /// <summary>Reads the objects, lazily, block by block, until the end of the stream.</summary>
    /// <returns>The objects in file order.</returns>
    /// <exception cref="AvroException">A block is truncated, malformed, or followed by a wrong sync marker.</exception>
    public IEnumerable<object?> ReadAll()
    {
        while (ReadBlock() is { } block)
        {
            var (count, data) = block;
            var position = 0;
            for (long i = 0; i < count; i++)
            {
                var value = ReadOne(data, ref position);
                yield return value;
            }

            if (position != data.Length)
            {
                throw new AvroException($"container block has {data.Length - position} bytes after its {count} objects");
            }
        }
    }

    /// <summary>Closes the stream unless it was left open.</summary>
    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _input.Dispose();
        }
    }

    private object? ReadOne(byte[] data, ref int position)
    {
        var reader = new AvroBinaryReader(data.AsSpan(position));
        var value = _datumReader.Read(ref reader);
        position += reader.Position;
        return value;
    }

    private (long Count, byte[] Data)? ReadBlock()
    {
        if (!ContainerFormat.TryReadLong(_input, out var count))
        {
            return null;
        }

        var size = ContainerFormat.ReadLong(_input);
        if (count < 0 || size is < 0 or > int.MaxValue || (_input.CanSeek && size > _input.Length - _input.Position))
        {
            throw new AvroException($"container block has invalid object count {count} or size {size}");
        }

        var data = new byte[size];
        ContainerFormat.ReadExactly(_input, data, "a data block");
        Span<byte> sync = stackalloc byte[ContainerFormat.SyncSize];
        ContainerFormat.ReadExactly(_input, sync, "a block's sync marker");
        if (!sync.SequenceEqual(_sync))
        {
            throw new AvroException("container block is followed by a sync marker that differs from the header's (corrupt file)");
        }

        return (count, Codec == AvroCodec.Deflate ? Inflate(data) : data);
    }

    private static byte[] Inflate(byte[] compressed)
    {
        using var output = new MemoryStream(compressed.Length * 4);
        try
        {
            using var deflate = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress);
            deflate.CopyTo(output);
        }
        catch (InvalidDataException e)
        {
            throw new AvroException("container block is not valid deflate data", e);
        }

        return output.ToArray();
    }

    private long ReadBlockCount()
    {
        var count = ContainerFormat.ReadLong(_input);
        if (count < 0)
        {
            ContainerFormat.ReadLong(_input);
            count = count == long.MinValue ? throw new AvroException("invalid metadata block count") : -count;
        }

        return count;
    }
}
