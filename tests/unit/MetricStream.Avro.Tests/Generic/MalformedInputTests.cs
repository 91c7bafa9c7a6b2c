using MetricStream.Avro.Generic;
using MetricStream.Avro.Records;
using MetricStream.Avro.Tests.Interop;

namespace MetricStream.Avro.Tests.Generic;

/// <summary>
/// Corrupted and truncated encodings must fail with <see cref="AvroException"/> (or decode to some
/// value), never with an index, overflow, argument or out-of-memory exception.
/// </summary>
public class MalformedInputTests
{
    [Fact]
    public void Decode_RandomlyCorruptedRecords_ThrowOnlyAvroException()
    {
        var writer = new GenericDatumWriter(InteropData.Schema);
        var reader = new GenericDatumReader(InteropData.Schema);
        var random = new Random(20240229);
        var samples = InteropData.Values().Select(writer.Encode).ToList();
        var failures = 0;

        for (var round = 0; round < 3000; round++)
        {
            var bytes = (byte[])samples[round % samples.Count].Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            var length = random.Next(4) == 0 ? random.Next(bytes.Length) : bytes.Length;
            try
            {
                reader.Read(bytes.AsSpan(0, length));
            }
            catch (AvroException)
            {
                failures++;
            }
        }

        failures.Should().BeGreaterThan(100, "corruption must be detected, not silently accepted every time");
    }

    [Fact]
    public void HotDecoders_RandomlyCorruptedBatches_ThrowOnlyAvroException()
    {
        var batch = new PointBatch { Tenant = "t" };
        for (var i = 0; i < 20; i++)
        {
            batch.AddPoint().CopyFrom(Records.SamplePoints.Cpu(i));
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        PointBatchCodec.Write(buffer, batch);
        var original = buffer.WrittenSpan.ToArray();
        var random = new Random(7);
        var decoded = new PointBatch();

        for (var round = 0; round < 2000; round++)
        {
            var bytes = (byte[])original.Clone();
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            try
            {
                var reader = new MetricStream.Avro.Binary.AvroBinaryReader(bytes.AsSpan(0, random.Next(bytes.Length + 1)));
                PointBatchCodec.Read(ref reader, decoded);
            }
            catch (AvroException)
            {
            }
        }
    }
}
