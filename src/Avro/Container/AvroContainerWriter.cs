using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Internal;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Container;

/// <summary>
/// Writes an Avro object container file: the header (with <c>avro.schema</c> as the schema's full JSON,
/// <c>avro.codec</c>, any user metadata and a random sync marker) on construction, then objects in
/// blocks. A block is written when its uncompressed size reaches <see cref="BlockSizeBytes"/>, on
/// <see cref="Flush"/>, and on <see cref="Dispose"/>. Not thread-safe.
/// </summary>
public sealed class AvroContainerWriter : IDisposable
{
    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly GenericDatumWriter _datumWriter;
    private readonly ArrayBufferWriter<byte> _block = new(64 * 1024);
    private readonly byte[] _sync = new byte[ContainerFormat.SyncSize];
    private readonly MemoryStream _compressed = new();
    private long _count;
    private bool _disposed;

    /// <summary>Starts a container file by writing its header to <paramref name="output"/>.</summary>
    /// <param name="output">The destination stream.</param>
    /// <param name="schema">The writer schema of every object.</param>
    /// <param name="codec">Block compression; <see cref="AvroCodec.Null"/> by default.</param>
    /// <param name="metadata">Extra header metadata; keys starting with <c>avro.</c> are reserved and rejected.</param>
    /// <param name="leaveOpen">When true, <see cref="Dispose"/> leaves <paramref name="output"/> open.</param>
    public AvroContainerWriter(Stream output, AvroSchema schema, AvroCodec codec = AvroCodec.Null, IReadOnlyDictionary<string, byte[]>? metadata = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(schema);
        _output = output;
        _leaveOpen = leaveOpen;
        Schema = schema;
        Codec = codec;
        _datumWriter = new GenericDatumWriter(schema);
        RandomNumberGenerator.Fill(_sync);
        var header = new List<KeyValuePair<string, byte[]>>
        {
            new("avro.schema", Encoding.UTF8.GetBytes(schema.ToJson())),
            new("avro.codec", Encoding.UTF8.GetBytes(codec == AvroCodec.Deflate ? "deflate" : "null")),
        };
        foreach (var (key, value) in metadata ?? new Dictionary<string, byte[]>())
        {
            header.Add(key.StartsWith("avro.", StringComparison.Ordinal)
                ? throw new ArgumentException($"metadata key '{key}' is reserved", nameof(metadata))
                : new(key, value));
        }

        ContainerFormat.WriteHeader(output, header, _sync);
    }

    /// <summary>The schema objects are written with.</summary>
    public AvroSchema Schema { get; }

    /// <summary>The block codec.</summary>
    public AvroCodec Codec { get; }

    /// <summary>Uncompressed block size at which a block is written; 64 KiB by default.</summary>
    public int BlockSizeBytes { get; init; } = 64 * 1024;

    /// <summary>Appends one object in the generic model (see <see cref="GenericRecord"/>).</summary>
    /// <param name="datum">The object.</param>
    public void Write(object? datum)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var writer = new AvroBinaryWriter(_block);
        _datumWriter.Write(ref writer, datum);
        writer.Flush();
        Added();
    }

    /// <summary>
    /// Appends one object already Avro-encoded with <see cref="Schema"/> (e.g. by a fast-path codec).
    /// The bytes are not checked.
    /// </summary>
    /// <param name="encodedDatum">The binary encoding of exactly one object.</param>
    public void WriteEncoded(ReadOnlySpan<byte> encodedDatum)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _block.Write(encodedDatum);
        Added();
    }

    /// <summary>Writes the pending block, if any, and flushes the stream.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        WriteBlock();
        _output.Flush();
    }

    /// <summary>Writes the pending block and closes the stream unless it was left open.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        WriteBlock();
        _output.Flush();
        _disposed = true;
        _compressed.Dispose();
        if (!_leaveOpen)
        {
            _output.Dispose();
        }
    }

    private void Added()
    {
        _count++;
        if (_block.WrittenCount >= BlockSizeBytes)
        {
            WriteBlock();
        }
    }

    private void WriteBlock()
    {
        if (_count == 0)
        {
            return;
        }

        var data = _block.WrittenMemory;
        if (Codec == AvroCodec.Deflate)
        {
            _compressed.SetLength(0);
            using (var deflate = new DeflateStream(_compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                deflate.Write(data.Span);
            }

            data = _compressed.GetBuffer().AsMemory(0, (int)_compressed.Length);
        }

        Span<byte> header = stackalloc byte[20];
        var writer = new AvroBinaryWriter(header);
        writer.WriteLong(_count);
        writer.WriteLong(data.Length);
        _output.Write(header[..(int)writer.BytesWritten]);
        _output.Write(data.Span);
        _output.Write(_sync);
        _block.ResetWrittenCount();
        _count = 0;
    }
}
