using System.Buffers;
using BenchmarkDotNet.Attributes;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Records;

namespace MetricStream.Bench;

/// <summary>A 1,000-point batch record (PointBatch): the allocation-free codec against the generic codec.</summary>
[MemoryDiagnoser]
public class PointBatchCodecBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256 * 1024);
    private readonly PointBatch _decoded = new();
    private readonly Utf8StringPool _strings = new();
    private readonly GenericDatumWriter _genericWriter = new(ProductSchemas.PointBatch);
    private readonly GenericDatumReader _genericReader = new(ProductSchemas.PointBatch);
    private PointBatch _batch = null!;
    private GenericRecord _genericBatch = null!;
    private byte[] _encoded = null!;

    [GlobalSetup]
    public void Setup()
    {
        _batch = new PointBatch { Tenant = "acme", Bucket = "telegraf/autogen", ReceivedAt = DateTimeOffset.UnixEpoch.AddDays(19_700) };
        for (var i = 0; i < 1000; i++)
        {
            _batch.AddPoint().CopyFrom(BenchData.Point(i));
        }

        _genericBatch = BenchData.ToGeneric(_batch);
        PointBatchCodec.Write(_buffer, _batch);
        _encoded = _buffer.WrittenSpan.ToArray();
    }

    [Benchmark(Baseline = true, Description = "PointBatch(1000) encode (fast)")]
    public int EncodeFast()
    {
        _buffer.ResetWrittenCount();
        PointBatchCodec.Write(_buffer, _batch);
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "PointBatch(1000) decode (fast, pooled strings)")]
    public int DecodeFast()
    {
        var reader = new AvroBinaryReader(_encoded);
        PointBatchCodec.Read(ref reader, _decoded, _strings);
        return _decoded.Count;
    }

    [Benchmark(Description = "PointBatch(1000) encode (generic)")]
    public int EncodeGeneric()
    {
        _buffer.ResetWrittenCount();
        _genericWriter.Write(_buffer, _genericBatch);
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "PointBatch(1000) decode (generic)")]
    public object? DecodeGeneric() => _genericReader.Read(_encoded);
}
