using System.Buffers;
using BenchmarkDotNet.Attributes;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Records;

namespace MetricStream.Bench;

/// <summary>
/// One typical point (measurement cpu, 4 tags, 3 fields): the allocation-free codec against the generic
/// codec with the same schema (ProductSchemas.MetricPoint). Target: fast encode + decode allocates 0 B.
/// </summary>
[MemoryDiagnoser]
public class PointCodecBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly MetricPoint _decoded = new();
    private readonly Utf8StringPool _strings = new();
    private readonly GenericDatumWriter _genericWriter = new(ProductSchemas.MetricPoint);
    private readonly GenericDatumReader _genericReader = new(ProductSchemas.MetricPoint);
    private MetricPoint _point = null!;
    private GenericRecord _genericPoint = null!;
    private byte[] _encoded = null!;

    [GlobalSetup]
    public void Setup()
    {
        _point = BenchData.Point(7);
        _genericPoint = BenchData.ToGeneric(_point);
        MetricPointCodec.Write(_buffer, _point);
        _encoded = _buffer.WrittenSpan.ToArray();
    }

    [Benchmark(Baseline = true, Description = "Point encode (fast)")]
    public int EncodeFast()
    {
        _buffer.ResetWrittenCount();
        MetricPointCodec.Write(_buffer, _point);
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "Point decode (fast, pooled strings)")]
    public long DecodeFast()
    {
        var reader = new AvroBinaryReader(_encoded);
        MetricPointCodec.Read(ref reader, _decoded, _strings);
        return _decoded.TimestampNanos;
    }

    [Benchmark(Description = "Point encode+decode (fast)")]
    public long EncodeDecodeFast()
    {
        _buffer.ResetWrittenCount();
        MetricPointCodec.Write(_buffer, _point);
        var reader = new AvroBinaryReader(_buffer.WrittenSpan);
        MetricPointCodec.Read(ref reader, _decoded, _strings);
        return _decoded.TimestampNanos;
    }

    [Benchmark(Description = "Point encode (generic)")]
    public int EncodeGeneric()
    {
        _buffer.ResetWrittenCount();
        _genericWriter.Write(_buffer, _genericPoint);
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "Point decode (generic)")]
    public object? DecodeGeneric() => _genericReader.Read(_encoded);
}
